import { IsolatePool } from "../engines/executors/isolate-pool.js";
import { openDatabase } from "../engines/storage/database.js";
import { createRecordStore } from "../engines/storage/records/index.js";
import type { Settings } from "../foundations/settings.js";
import { loadProjectSpec } from "../spec/index.js";
import { ExecutionLog } from "./execution/execution-log.js";
import { startExecution } from "./execution/start-execution.js";
import type { Runtime } from "./runtime.js";
import type { RuntimeOptions, RuntimeParts } from "./runtime-parts.js";
import { SchemaState } from "./schema-state.js";

const DEFAULTS: Required<Omit<RuntimeOptions, "spec">> = {
  abortGraceMs: 5000,
  messageBatchSize: 100,
  messageIntervalMs: 200,
  messageWindow: 1000,
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
  let pool: IsolatePool | undefined;
  const gate = () =>
    database.dialect === "sqlite" && pool !== undefined && pool.writers > 0
      ? pool.whenNoWriters()
      : undefined;
  const parts: RuntimeParts = {
    settings,
    spec,
    database,
    store,
    schema: new SchemaState(database, spec),
    log: new ExecutionLog(store, () => gate() ?? Promise.resolve()),
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
  let closed: Promise<void> | undefined;
  return {
    settings,
    spec,
    start: (request) => startExecution(parts, request),
    close: () =>
      (closed ??= (async () => {
        await pool?.close();
        await database.close();
      })()),
  };
}
