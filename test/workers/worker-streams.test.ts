import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createBullmqTransport,
  createRedisMessageStreams,
  type MessageStreams,
  type QueueTransport,
} from "../../src/engines/executors/queue/index.js";
import { openDatabase, type Database } from "../../src/engines/storage/database.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import type { RecordStore } from "../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import type { Message } from "../../src/foundations/message.js";
import { loadSettings } from "../../src/foundations/settings.js";
import { openRuntime, type Runtime } from "../../src/runtime/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { BACKENDS, type TestDatabase } from "../support/backends.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";
import { freePort, ownRedis, type OwnRedis } from "../executors/support/redis.js";
import { hasRedisServer } from "./support/cluster.js";
import { startWorkerProcess, type WorkerProcess } from "./support/worker-project.js";

const services = inject("services");

function writeTickProject(): TempTree {
  return writeTempTree("worker-streams", {
    "cairn.yml": "name: ticks\nversion: 0.1.0\n",
    "spec/commands.yml": `
commands:
  tick:
    handler: handlers/tick.ts#tick
    retries: 1
    retry_backoff: 0
    parameters:
      count: {type: integer, required: true}
      ms: {type: integer, default: 100}
`,
    "handlers/tick.ts": `
export async function tick(ctx: { info(text: string): void }, p: { count: number; ms: number }) {
  for (let i = 1; i <= p.count; i++) {
    ctx.info(\`tick \${i}\`);
    await new Promise((resolve) => setTimeout(resolve, p.ms));
  }
  return p.count;
}
`,
  });
}

/**
 * `cairn worker` processes publish live messages to Redis Streams; an API node's runtime
 * (here, in the test) follows through them, and a SIGKILLed worker's streamed but
 * unstored messages are stored by the reaper.
 */
describe.skipIf(!services.postgres || !hasRedisServer)("cairn worker, live messages", () => {
  let project: TempTree;
  let redis: OwnRedis;
  let testDatabase: TestDatabase;
  let database: Database;
  let store: RecordStore;
  let transport: QueueTransport;
  let streams: MessageStreams;
  let api: Runtime;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    project = writeTickProject();
    redis = ownRedis(await freePort());
    await redis.start();
    const backend = BACKENDS.find((b) => b.name === "postgres");
    if (backend === undefined) throw new Error("no postgres backend");
    testDatabase = await backend.createDatabase();
    env = {
      CAIRN_DATABASE_URL: testDatabase.url,
      CAIRN_REDIS_URL: redis.url,
      CAIRN_LEASE_SECONDS: "2",
      CAIRN_ISOLATES: "1",
    };
    const spec = await loadProjectSpec(project.dir);
    database = await openDatabase(testDatabase.url);
    await migrateDatabase(database, spec);
    store = createRecordStore(database, spec);
    transport = createBullmqTransport({ url: redis.url, maxBackoffMs: 200 });
    streams = createRedisMessageStreams({ url: redis.url, maxBackoffMs: 200 });
    api = await openRuntime(loadSettings({ env, cwd: project.dir }), {
      spec,
      transport,
      streams,
      followPollMs: 50,
    });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill("SIGKILL")));
  });
  afterAll(async () => {
    await api.close();
    await transport.close();
    await streams.close();
    await database.close();
    await testDatabase.drop();
    await redis.kill();
    project.remove();
  });

  const worker = async () => {
    const started = await startWorkerProcess(project.dir, ["--concurrency", "2"], env);
    workers.push(started);
    return started;
  };
  const storedSeqs = async (id: string) =>
    (
      await store.list("execution_message", {
        filters: [{ path: "execution", value: id }],
        order: ["seq"],
        limit: 1000,
      })
    ).map((row) => Number(row.seq));

  it("streams a worker's messages to a follower before they are stored", async () => {
    await worker();
    const queued = await api.start({
      command: "tick",
      parameters: { count: 12, ms: 100 },
      origin: "api",
      queue: true,
    });
    const ahead: boolean[] = [];
    const all: Message[] = [];
    for await (const message of await api.follow(queued.id)) {
      all.push(message);
      if (message.type === "info") ahead.push(!(await storedSeqs(queued.id)).includes(message.seq));
    }
    expect(all.map((message) => message.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(all.at(-1)).toMatchObject({ type: "status", status: "success", result: 12 });
    // The worker stores every 200 ms; the stream brings each message at once.
    expect(ahead.filter(Boolean).length).toBeGreaterThanOrEqual(8);
  });

  it("keeps what a killed worker streamed but never stored", { timeout: 60_000 }, async () => {
    const first = await worker();
    const queued = await api.start({
      command: "tick",
      parameters: { count: 30, ms: 100 },
      origin: "api",
      queue: true,
    });
    const all: Message[] = [];
    let killed: Promise<unknown> | undefined;
    for await (const message of await api.follow(queued.id)) {
      all.push(message);
      if (killed === undefined && message.type === "info" && message.text === "tick 6") {
        // Killed right after a message: the last ones reached the stream, not the database.
        killed = first.kill("SIGKILL").then(() => worker());
      }
    }
    await killed;
    const seqs = all.map((message) => message.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(all.at(-1)).toMatchObject({ type: "status", status: "success", result: 30 });
    const texts = all.map((message) => ("text" in message ? message.text : message.type));
    const note = texts.findIndex((text) => text.includes("requeued"));
    expect(texts.slice(0, note)).toEqual(
      Array.from({ length: note }, (_, i) => `tick ${String(i + 1)}`),
    );
    expect(note).toBeGreaterThanOrEqual(6);
    // Everything the follower saw is stored, the dead attempt's last messages included.
    // The stream may bring the final status before the worker's write of it commits.
    await expect.poll(() => storedSeqs(queued.id), { timeout: 5000 }).toEqual(seqs);
  });
});
