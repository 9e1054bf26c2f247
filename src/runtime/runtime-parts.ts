import type { IsolatePool } from "../engines/executors/isolate-pool.js";
import type { Database } from "../engines/storage/database.js";
import type { RecordStore } from "../engines/storage/records/record-store.js";
import type { Settings } from "../foundations/settings.js";
import type { ProjectSpec } from "../spec/project-spec.js";
import type { ExecutionLog } from "./execution/execution-log.js";
import type { SchemaState } from "./schema-state.js";

/** Tunables of a runtime; the defaults suit a server, tests shorten them. */
export interface RuntimeOptions {
  /** The project's spec when the caller has loaded it (else it is loaded here). */
  readonly spec?: ProjectSpec;
  /** How long an aborted or timed-out handler may take to stop before its thread is terminated. */
  readonly abortGraceMs?: number;
  /** Messages per insert into `execution_message`. */
  readonly messageBatchSize?: number;
  /** Longest wait before emitted messages are written. */
  readonly messageIntervalMs?: number;
  /** Messages a handler may have unread or unrecorded before it pauses. */
  readonly messageWindow?: number;
}

/** What the pieces of command execution share; built once by openRuntime. */
export interface RuntimeParts {
  readonly settings: Settings;
  readonly spec: ProjectSpec;
  readonly database: Database;
  /** The root store: execution records and built-in transactions start here. */
  readonly store: RecordStore;
  readonly schema: SchemaState;
  readonly log: ExecutionLog;
  /** The isolate pool, started on first use. */
  pool(): IsolatePool;
  /** SQLite's writer gate (see MessageRecorder); undefined when writing is safe. */
  gate(): Promise<void> | undefined;
  readonly options: Required<Omit<RuntimeOptions, "spec">>;
}
