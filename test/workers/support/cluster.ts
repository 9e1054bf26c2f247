import { spawnSync } from "node:child_process";
import { createBullmqTransport } from "../../../src/engines/executors/queue/index.js";
import type { QueueTransport } from "../../../src/engines/executors/queue/queue-transport.js";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import { openRuntime, type Runtime } from "../../../src/runtime/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import { BACKENDS, type TestDatabase } from "../../support/backends.js";
import { startWorkerProcess, type WorkerProcess } from "./worker-project.js";

export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

/**
 * One distributed deployment for a test: a fresh PostgreSQL database (migrated), Redis
 * at `redisUrl`, a runtime in the test that enqueues (as an API node would), and
 * `cairn worker` processes started on demand.
 */
export interface Cluster {
  readonly env: Readonly<Record<string, string>>;
  readonly runtime: Runtime;
  readonly store: RecordStore;
  worker(args?: readonly string[]): Promise<WorkerProcess>;
  /** Queues `work effect label=<prefix><i>` for i < count; resolves with the ids. */
  enqueue(count: number, prefix: string, ms?: number): Promise<string[]>;
  count(status: string): Promise<number>;
  executions(): Promise<RecordRow[]>;
  close(): Promise<void>;
}

export async function openCluster(projectDir: string, redisUrl: string): Promise<Cluster> {
  const backend = BACKENDS.find((b) => b.name === "postgres");
  if (backend === undefined) throw new Error("no postgres backend");
  const testDatabase: TestDatabase = await backend.createDatabase();
  const env = {
    CAIRN_DATABASE_URL: testDatabase.url,
    CAIRN_REDIS_URL: redisUrl,
    CAIRN_LEASE_SECONDS: "2",
    CAIRN_ISOLATES: "2",
  };
  const spec = await loadProjectSpec(projectDir);
  const database: Database = await openDatabase(testDatabase.url);
  await migrateDatabase(database, spec);
  const store = createRecordStore(database, spec);
  const transport: QueueTransport = createBullmqTransport({ url: redisUrl, maxBackoffMs: 200 });
  const settings = loadSettings({ env, cwd: projectDir });
  const runtime = await openRuntime(settings, { spec, transport });
  const workers: WorkerProcess[] = [];
  return {
    env,
    runtime,
    store,
    async worker(args = ["--concurrency", "4"]) {
      const started = await startWorkerProcess(projectDir, args, env);
      workers.push(started);
      return started;
    },
    async enqueue(count, prefix, ms = 0) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const started = await runtime.start({
          command: "work effect",
          parameters: { label: `${prefix}${String(i)}`, ms },
          origin: "api",
          queue: true,
        });
        ids.push(started.id);
      }
      return ids;
    },
    count: (status) => store.count("execution", { filters: [{ path: "status", value: status }] }),
    executions: () => store.list("execution", { limit: 10_000 }),
    async close() {
      await Promise.all(workers.map((w) => w.kill("SIGKILL")));
      await runtime.close();
      await transport.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}
