import { afterAll, beforeAll } from "vitest";
import type {
  EnqueueOptions,
  JobConsumer,
  QueuedJob,
  QueueTransport,
} from "../../../src/engines/executors/queue/queue-transport.js";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import { openRuntime, type Runtime, type RuntimeOptions } from "../../../src/runtime/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";
import { writeQueueProject } from "./queue-project.js";

/** A transport the test drives: it records what is enqueued and delivers jobs on demand. */
export class ManualTransport implements QueueTransport {
  readonly enqueued: { job: QueuedJob; options: EnqueueOptions }[] = [];
  readonly #consumers: ((job: QueuedJob) => Promise<void>)[] = [];

  enqueue(job: QueuedJob, options: EnqueueOptions = {}): Promise<void> {
    this.enqueued.push({ job, options });
    return Promise.resolve();
  }

  remove(): Promise<boolean> {
    return Promise.resolve(false);
  }

  consume(_options: unknown, run: (job: QueuedJob) => Promise<void>): JobConsumer {
    this.#consumers.push(run);
    return { close: () => Promise.resolve() };
  }

  /** Hands the job to every consumer at once (a redelivery to each worker). */
  async deliver(job: QueuedJob): Promise<void> {
    await Promise.all(this.#consumers.map((run) => run(job)));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface QueueFixture {
  runtime(): Runtime;
  dir(): string;
  store(): RecordStore;
  execution(id: string): Promise<RecordRow>;
  messages(id: string): Promise<RecordRow[]>;
  /** The labels recorded for an execution (or all), in the order they were recorded. */
  effects(execution?: string): Promise<string[]>;
  another(options?: RuntimeOptions): Promise<Runtime>;
}

export const FAST: RuntimeOptions = {
  abortGraceMs: 300,
  abortPollMs: 50,
  followPollMs: 50,
  queuePollMs: 50,
  messageIntervalMs: 20,
};

/** The queue project on the suite's database, with a runtime (no worker until a test starts one). */
export function useQueueRuntime(
  backend: BackendFixture,
  options: RuntimeOptions = {},
): QueueFixture {
  let project: ReturnType<typeof writeQueueProject> | undefined;
  let runtime: Runtime | undefined;
  let store: RecordStore | undefined;
  const others: Runtime[] = [];
  const settings = () =>
    loadSettings({ env: { CAIRN_DATABASE_URL: backend.url() }, cwd: need(project).dir });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the queue fixture is not set up");
    return value;
  };
  beforeAll(async () => {
    project = writeQueueProject();
    const spec = await loadProjectSpec(project.dir);
    await migrateDatabase(backend.database(), spec);
    runtime = await openRuntime(settings(), { ...FAST, ...options });
    store = createRecordStore(backend.database(), spec);
  });
  afterAll(async () => {
    await Promise.all(others.map((other) => other.close()));
    await runtime?.close();
    project?.remove();
  });
  return {
    runtime: () => need(runtime),
    dir: () => need(project).dir,
    store: () => need(store),
    execution: (id) => need(store).get("execution", { key: id }),
    messages: (id) =>
      need(store).list("execution_message", {
        filters: [{ path: "execution", value: id }],
        order: ["seq"],
        limit: 100_000,
      }),
    effects: async (execution) => {
      const rows = await need(store).list("effect", {
        filters: execution === undefined ? [] : [{ path: "execution", value: execution }],
        order: ["id"],
        limit: 100_000,
      });
      return rows.map((row) => String(row.label));
    },
    another: async (more = {}) => {
      const other = await openRuntime(settings(), { ...FAST, ...options, ...more });
      others.push(other);
      return other;
    },
  };
}

/** Resolves once `check` answers true, looking again every 50 ms (the test's timeout bounds it). */
export async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}
