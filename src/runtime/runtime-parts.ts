import type { AccessControl } from "./access/access-control.js";
import type { FieldCipher } from "../engines/storage/records/field-cipher.js";
import type { ReadViews } from "./access/read-view.js";
import type { IsolatePool } from "../engines/executors/isolate-pool.js";
import type { MessageStreams } from "../engines/executors/queue/message-streams.js";
import type { QueueTransport } from "../engines/executors/queue/queue-transport.js";
import type { Database } from "../engines/storage/database.js";
import type { RecordStore } from "../engines/storage/records/record-store.js";
import type { Settings } from "../foundations/settings.js";
import type { ProjectSpec } from "../spec/project-spec.js";
import type { RunningExecutions } from "./abort/running-executions.js";
import type { ExecutionLog } from "./execution/execution-log.js";
import type { ExecutionTable } from "./execution/execution-table.js";
import type { CommandLocks } from "./locks/command-locks.js";
import type { EndRows } from "./notify/end-rows.js";
import type { LiveHub } from "./messages/live-hub.js";
import type { ExecutionRows } from "./queue/execution-rows.js";
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
  /**
   * Live messages a follower may have unread before it stops receiving them and reads
   * from the database instead (so a slow follower never makes this process buffer more).
   */
  readonly followerQueue?: number;
  /** How often a follower of an execution running in another process reads new messages. */
  readonly followPollMs?: number;
  /**
   * With `streams`: how long a follower waits on an execution's stream before it looks at
   * the database again (for messages that reached only the database, or an end elsewhere).
   */
  readonly followBlockMs?: number;
  /** How often a runtime with running executions looks for aborts asked in the database. */
  readonly abortPollMs?: number;
  /** How long a command lock stays held without renewal (a crashed holder's lock frees then). */
  readonly lockLeaseMs?: number;
  /** How often a running holder renews its lock. */
  readonly lockRenewMs?: number;
  /** How often a start waiting for a lock (`_lock_wait`) tries again. */
  readonly lockRetryMs?: number;
  /**
   * Where queued executions travel (default: the database itself, polled by workers;
   * the CLI passes the BullMQ transport when CAIRN_REDIS_URL is set).
   */
  readonly transport?: QueueTransport;
  /**
   * Live messages across processes (the CLI passes Redis Streams when CAIRN_REDIS_URL is
   * set): executions running here append to them, followers of executions running
   * elsewhere read them rather than poll the database. The caller closes them.
   */
  readonly streams?: MessageStreams;
  /**
   * How long a running execution may go without a heartbeat before the reaper requeues
   * it or marks it lost (default: settings.leaseMs). Heartbeats come every third of it.
   */
  readonly leaseMs?: number;
  /** How often the reaper looks for stale executions (default: half the lease). */
  readonly reapEveryMs?: number;
  /** How long a queued execution waits before the sweeper puts it on its queue again (default: the lease). */
  readonly sweepAfterMs?: number;
  /** How often a worker on the database queue looks for due executions. */
  readonly queuePollMs?: number;
}

/** The tunables with every default filled in. */
export type Tunables = Required<Omit<RuntimeOptions, "spec" | "transport" | "streams">>;

/** What the pieces of command execution share; built once by openRuntime. */
export interface RuntimeParts {
  readonly settings: Settings;
  readonly spec: ProjectSpec;
  readonly database: Database;
  /** The root store: execution records and built-in transactions start here. */
  readonly store: RecordStore;
  /** The keyring-backed cipher of the store (encrypted fields, secret parameters). */
  readonly cipher: FieldCipher;
  /** Who may do what: principals of tokens and users. */
  readonly access: AccessControl;
  /** What each principal may read of each model (fields and rows). */
  readonly views: ReadViews;
  readonly schema: SchemaState;
  readonly log: ExecutionLog;
  /** One-statement writes of execution rows and their messages. */
  readonly table: ExecutionTable;
  /** The rows of ended executions, read to decide on their notification. */
  readonly endRows: EndRows;
  /** Live messages of the executions running in this process, for followers. */
  readonly hub: LiveHub;
  /** The executions running in this process, so they can be aborted. */
  readonly running: RunningExecutions;
  /** Command locks, held in the database. */
  readonly locks: CommandLocks;
  /** Conditional writes of queued and running executions (claims, heartbeats, reaping). */
  readonly rows: ExecutionRows;
  /** Where queued executions travel. */
  readonly transport: QueueTransport;
  /** Live messages across processes, when the runtime has them (see RuntimeOptions.streams). */
  readonly streams: MessageStreams | undefined;
  /** Fires when the runtime closes: followers stop. */
  readonly closing: AbortSignal;
  /** The isolate pool, started on first use. */
  pool(): IsolatePool;
  /** SQLite's writer gate (see MessageRecorder); undefined when writing is safe. */
  gate(): Promise<void> | undefined;
  readonly options: Tunables;
}
