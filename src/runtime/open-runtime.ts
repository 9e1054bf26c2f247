import { IsolatePool } from "../engines/executors/isolate-pool.js";
import { openDatabase } from "../engines/storage/database.js";
import { createRecordStore } from "../engines/storage/records/index.js";
import type { Settings } from "../foundations/settings.js";
import { loadProjectSpec } from "../spec/index.js";
import { abortExecution } from "./abort/abort-execution.js";
import { RunningExecutions } from "./abort/running-executions.js";
import { ExecutionLog } from "./execution/execution-log.js";
import { rerunExecution } from "./execution/rerun-execution.js";
import { startExecution } from "./execution/start-execution.js";
import { follow } from "./follow/follow.js";
import { CommandLocks } from "./locks/command-locks.js";
import { LiveHub } from "./messages/live-hub.js";
import type { Runtime } from "./runtime.js";
import type { RuntimeOptions, RuntimeParts } from "./runtime-parts.js";
import { SchemaState } from "./schema-state.js";

const DEFAULTS: Required<Omit<RuntimeOptions, "spec">> = {
  abortGraceMs: 5000,
  messageBatchSize: 100,
  messageIntervalMs: 200,
  messageWindow: 1000,
  followerQueue: 1000,
  followPollMs: 200,
  abortPollMs: 250,
  lockLeaseMs: 60_000,
  lockRenewMs: 20_000,
  lockRetryMs: 250,
};

/**
 * Opens a project for running commands: loads the spec (a bad spec fails here, before
 * the database is touched), opens the database and the record store. The isolate pool
 * starts on the first handler run, so commands that run no handler start fast.
 */
export async function openRuntime(
  settings: Settings,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const { spec: given, ...tuned } = options;
  const spec = given ?? (await loadProjectSpec(settings.projectDir));
  const database = await openDatabase(settings.databaseUrl);
  const store = createRecordStore(database, spec);
  const tunables = { ...DEFAULTS, ...tuned };
  const closing = new AbortController();
  let pool: IsolatePool | undefined;
  const gate = () =>
    database.dialect === "sqlite" && pool !== undefined && pool.writers > 0
      ? pool.whenNoWriters()
      : undefined;
  const running = new RunningExecutions(store, tunables.abortPollMs);
  const locks = new CommandLocks(store, gate, {
    leaseMs: tunables.lockLeaseMs,
    renewMs: tunables.lockRenewMs,
    retryMs: tunables.lockRetryMs,
  });
  const parts: RuntimeParts = {
    settings,
    spec,
    database,
    store,
    schema: new SchemaState(database, spec),
    log: new ExecutionLog(store, () => gate() ?? Promise.resolve()),
    hub: new LiveHub(),
    running,
    locks,
    closing: closing.signal,
    pool: () =>
      (pool ??= new IsolatePool({
        size: settings.isolates,
        projectDir: settings.projectDir,
        databaseUrl: settings.databaseUrl,
        graceMs: tunables.abortGraceMs,
        window: tunables.messageWindow,
      })),
    gate,
    options: tunables,
  };
  const start: Runtime["start"] = (request) => startExecution(parts, request);
  let closed: Promise<void> | undefined;
  return {
    settings,
    spec,
    start,
    follow: (id, followOptions) => follow(parts, id, followOptions),
    abort: (id) => abortExecution(parts, id),
    rerun: (id, rerunOptions = {}) => rerunExecution(parts, id, rerunOptions, start),
    close: () =>
      (closed ??= (async () => {
        closing.abort();
        running.close();
        locks.close();
        await pool?.close();
        await database.close();
      })()),
  };
}
