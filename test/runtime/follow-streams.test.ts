import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createRedisMessageStreams,
  type MessageStreams,
  type RedisMessageStreamOptions,
} from "../../src/engines/executors/queue/index.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import type { Message } from "../../src/foundations/message.js";
import { loadSettings } from "../../src/foundations/settings.js";
import { openRuntime, type Runtime, type RuntimeOptions } from "../../src/runtime/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import type { ProjectSpec } from "../../src/spec/project-spec.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { serviceUrls } from "../support/service-urls.js";
import type { TempTree } from "../support/temp-tree.js";
import { dropPrefix, eventually, freePort, uniquePrefix } from "../executors/support/redis.js";
import { collect, drain, seqs, upTo } from "./support/collect.js";
import { writeStreamsProject } from "./support/streams-project.js";

const url = serviceUrls.redis;
const prefix = uniquePrefix("follow");

describe.skipIf(!inject("services").redis)("runtime: follow through Redis Streams", () => {
  describeEachBackend("follow-streams", (backend) => {
    let project: TempTree | undefined;
    let spec: ProjectSpec | undefined;
    let store: RecordStore | undefined;
    let admin: Redis | undefined;
    let counter = 0;
    let testPrefix = "";
    const runtimes: Runtime[] = [];
    const streams: MessageStreams[] = [];

    beforeAll(async () => {
      project = writeStreamsProject();
      spec = await loadProjectSpec(project.dir);
      await migrateDatabase(backend.database(), spec);
      store = createRecordStore(backend.database(), spec);
      admin = new Redis(url, { maxRetriesPerRequest: 1 });
    });
    afterEach(async () => {
      await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
      await Promise.all(streams.splice(0).map((opened) => opened.close()));
    });
    afterAll(async () => {
      await dropPrefix(url, prefix);
      admin?.disconnect();
      project?.remove();
    });

    const need = <T>(value: T | undefined): T => {
      if (value === undefined) throw new Error("not set up");
      return value;
    };
    /** Message streams on this test's own key prefix. */
    const openStreams = (extra: Partial<RedisMessageStreamOptions> = {}): MessageStreams => {
      const opened = createRedisMessageStreams({ url, prefix: testPrefix, ...extra });
      streams.push(opened);
      return opened;
    };
    /** A runtime on the suite's database, as another node would open it: its own hub. */
    const open = async (options: RuntimeOptions): Promise<Runtime> => {
      const settings = loadSettings({
        env: { CAIRN_DATABASE_URL: backend.url() },
        cwd: need(project).dir,
      });
      const runtime = await openRuntime(settings, { spec: need(spec), ...options });
      runtimes.push(runtime);
      return runtime;
    };
    const stored = (id: string): Promise<RecordRow[]> =>
      need(store).list("execution_message", {
        filters: [{ path: "execution", value: id }],
        order: ["seq"],
        limit: 10_000,
      });

    /** Gives the test its own key prefix. */
    const fresh = () => {
      counter += 1;
      testPrefix = `${prefix}-${backend.backend.name}-${String(counter)}`;
    };

    it("gives a follower on another runtime each message before it is stored", async () => {
      fresh();
      // A stores nothing until the end: whatever B gets before then came through Redis.
      const a = await open({
        streams: openStreams(),
        messageIntervalMs: 60_000,
        messageBatchSize: 10_000,
      });
      const b = await open({ streams: openStreams(), followPollMs: 50 });
      const running = await a.start({
        command: "s tick",
        parameters: { count: 8, ms: 150 },
        origin: "api",
      });
      const own = drain(running);
      const storedOnReceipt: number[] = [];
      const received: Message[] = [];
      const following = (async () => {
        for await (const message of await b.follow(running.id)) {
          received.push(message);
          if (message.type !== "status") storedOnReceipt.push((await stored(running.id)).length);
        }
      })();
      await own.reached(3);
      const [fromStart, resumed] = await Promise.all([
        collect(await b.follow(running.id)),
        collect(await b.follow(running.id, { after: 3 })),
      ]);
      await following;
      const mine = await own.done;
      expect(await running.finished).toBe("success");
      expect(storedOnReceipt).toEqual(Array.from({ length: 8 }, () => 0));
      expect(received).toEqual(mine);
      expect(seqs(received)).toEqual(upTo(9));
      expect(seqs(fromStart)).toEqual(upTo(9));
      expect(seqs(resumed)).toEqual(upTo(9, 4));
      expect(received.at(-1)).toMatchObject({ type: "status", status: "success", result: 8 });
      expect((await stored(running.id)).map((row) => Number(row.seq))).toEqual(upTo(9));
    });

    it("reads from the database what a trimmed stream no longer holds", async () => {
      fresh();
      // A stores nothing until the end, and its stream keeps only the newest few.
      const a = await open({
        streams: openStreams({ maxLength: 5 }),
        messageIntervalMs: 60_000,
        messageBatchSize: 10_000,
      });
      const b = await open({ streams: openStreams(), followPollMs: 50 });
      const running = await a.start({
        command: "s burst",
        parameters: { count: 250, pause: 1000 },
        origin: "api",
      });
      const own = drain(running);
      await own.reached(250);
      const key = `${testPrefix}:cairn-messages:${running.id}`;
      const firstInStream = async () => {
        const [first] = await need(admin).xrange(key, "-", "+", "COUNT", 1);
        return Number(first?.[0].split("-")[0] ?? 0);
      };
      await eventually(async () => (await firstInStream()) > 200, 5000, "a trimmed stream");
      expect(await stored(running.id)).toEqual([]);
      // B has the newest messages in the stream but not the first 200: it waits for the
      // database to have them, then goes on from there.
      const all = await collect(await b.follow(running.id));
      await own.done;
      expect(seqs(all)).toEqual(upTo(254));
      expect(all[200]).toMatchObject({ seq: 201, text: "burst 201" });
      expect(all.at(-1)).toMatchObject({ type: "status", status: "success", result: 250 });
    });

    it("runs and follows through the database while Redis is unreachable", async () => {
      fresh();
      const down = { url: `redis://127.0.0.1:${String(await freePort())}` };
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on("warning", onWarning);
      try {
        const a = await open({ streams: openStreams(down), messageIntervalMs: 50 });
        const b = await open({ streams: openStreams(down), followPollMs: 50 });
        const running = await a.start({
          command: "s tick",
          parameters: { count: 5, ms: 30 },
          origin: "api",
        });
        const own = drain(running);
        const all = await collect(await b.follow(running.id));
        expect(await running.finished).toBe("success");
        const mine = await own.done;
        expect(all.map((message) => message.type)).toEqual(mine.map((message) => message.type));
        expect(seqs(all)).toEqual(upTo(6));
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.some((text) => text.includes("cannot stream live messages"))).toBe(true);
        expect(warnings.some((text) => text.includes("cannot read live messages"))).toBe(true);
      } finally {
        process.off("warning", onWarning);
      }
    });

    it("lets the reaper store what a dead attempt streamed but never stored", async () => {
      fresh();
      const dead = openStreams();
      const a = await open({ streams: openStreams() });
      const b = await open({ streams: openStreams(), queuePollMs: 50, followPollMs: 50 });
      const queued = await a.start({
        command: "s retried",
        parameters: { count: 3 },
        origin: "api",
        queue: true,
      });
      const id = queued.id;
      // As a killed worker leaves it: running, heartbeat long gone, its last messages only
      // in the stream (its status too, which the row, not the stream, decides).
      const old = new Date(Date.now() - 3_600_000).toISOString();
      await need(store).save(
        "execution",
        { key: id },
        { status: "running", attempt: 1, started: old, heartbeat: old },
      );
      const time = new Date().toISOString();
      await dead.append([
        ...[1, 2, 3].map((seq) => ({
          type: "info" as const,
          text: `dead ${String(seq)}`,
          execution: id,
          seq,
          time,
        })),
        { type: "status", status: "success", execution: id, seq: 4, time },
      ]);
      const reaper = b.startReaper();
      await reaper.sweep();
      reaper.close();
      const rows = await stored(id);
      expect(rows.map((row) => [Number(row.seq), row.type])).toEqual([
        [1, "info"],
        [2, "info"],
        [3, "info"],
        [4, "warning"],
      ]);
      expect(await need(store).get("execution", { key: id })).toMatchObject({
        status: "queued",
        attempt: 2,
      });
      // The next attempt goes on after them: one stream of messages across attempts.
      const worker = b.startWorker();
      const all = await collect(await a.follow(id));
      await worker.close(1000);
      expect(seqs(all)).toEqual(upTo(8));
      expect(all.map((message) => ("text" in message ? message.text : message.type))).toEqual([
        "dead 1",
        "dead 2",
        "dead 3",
        expect.stringContaining("requeued"),
        "tick 1",
        "tick 2",
        "tick 3",
        "status",
      ]);
    });
  });
});
