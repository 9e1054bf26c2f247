import type { AccessControl } from "./access/access-control.js";
import type { Principal } from "./access/principal.js";
import type { Settings } from "../foundations/settings.js";
import type { ExecutionStatus, Message } from "../foundations/message.js";
import type { ProjectSpec } from "../spec/project-spec.js";
import type { Reaper, WorkerHandle, WorkerOptions } from "./queue/worker-types.js";
import type { RunRequest, RunningExecution } from "./run-request.js";
import type { CreatedSchedule, ScheduleRequest } from "./schedule/create-schedule.js";
import type { SpecScheduleSync } from "./schedule/sync-spec-schedules.js";
import type { SchedulerHandle, SchedulerOptions } from "./schedule/scheduler/index.js";

export interface FollowOptions {
  /** Replay messages with seq > after (default 0: from the start). */
  readonly after?: number;
  /** Stops following (the iterator ends) when aborted, e.g. the HTTP client went away. */
  readonly signal?: AbortSignal;
  /** Who follows: their own runs, or any as an auditor (default: the local `admin`). */
  readonly principal?: Principal;
}

export interface AbortAnswer {
  readonly execution: string;
  /** The status when the abort was asked (`running` while it stops). */
  readonly status: ExecutionStatus;
  /** Whether the execution was running and is being stopped. */
  readonly aborting: boolean;
}

export interface RerunOptions {
  /** Who runs it again (checked as any start; default: the local `admin`). */
  readonly principal?: Principal;
  readonly signal?: AbortSignal;
}

/**
 * A project opened for running commands: its spec, its database and an isolate pool.
 * Every face (CLI, HTTP, workers, scheduler) runs commands through this one surface.
 */
export interface Runtime {
  readonly settings: Settings;
  readonly spec: ProjectSpec;
  /** Tokens and users to principals, for the faces that serve remote callers. */
  readonly access: AccessControl;
  /**
   * Finds the command and validates its parameters, then starts the execution.
   * Rejects with CAIRN_COMMAND_NOT_FOUND or CAIRN_PARAMETER_INVALID before anything runs,
   * and with CAIRN_LOCK_HELD when the command's `lock` stays held for `_lock_wait`
   * seconds (default 0); a refused start records no execution.
   */
  start(request: RunRequest): Promise<RunningExecution>;
  /**
   * An execution's messages with seq > after, in seq order, without gaps or repeats:
   * first those already stored, then live ones until (and including) the `status`
   * message; for a finished execution it replays and ends. Rejects with
   * CAIRN_EXECUTION_NOT_FOUND before yielding anything. Messages read back from the
   * database carry their stored (size-capped) bodies. An execution whose row is final
   * without a stored `status` message ends with a status built from the row, or, when
   * it is `lost`, with no status message at all.
   */
  follow(id: string, options?: FollowOptions): Promise<AsyncIterable<Message>>;
  /**
   * Asks a running execution to stop: its handler sees the abort at its next message or
   * check; a handler that ignores it is terminated after the grace period. Works whether
   * the execution runs in this process or in another process on the same database. A
   * finished execution is left alone (aborting: false). Rejects CAIRN_EXECUTION_NOT_FOUND,
   * also when `principal` is neither the execution's user nor an admin.
   */
  abort(id: string, principal?: Principal): Promise<AbortAnswer>;
  /** Starts a new execution of the same command with the recorded parameters, origin "rerun". */
  rerun(id: string, options?: RerunOptions): Promise<RunningExecution>;
  /**
   * Starts a worker in this process: it takes queued executions of `queues` (default:
   * `default` and every queue the spec names) from `transport` (default: the runtime's),
   * `concurrency` at once, claims each in the database (so a job delivered twice runs
   * once) and runs it as `start` would here; it records itself as a `queue_worker` row
   * and runs a reaper. `close(graceMs)` stops taking jobs and waits up to `graceMs`.
   */
  startWorker(options?: WorkerOptions): WorkerHandle;
  /**
   * Starts only the reaper (a node that runs no worker): stale running executions are
   * requeued or marked lost, stray queued ones put back on their queues.
   */
  startReaper(): Reaper;
  /**
   * Starts a scheduler replica in this process: it stores the spec's schedules, stands
   * for election on the scheduler lease (in Redis when CAIRN_REDIS_URL is set, else in
   * the database) and, while it holds the lease, fires due schedules as queued
   * executions, each instant exactly once however many replicas run. Closed with the
   * runtime; `close()` releases the lease so a standby takes over at once.
   */
  startScheduler(options?: SchedulerOptions): SchedulerHandle;
  /**
   * Creates a schedule of a command instead of running it: checks the command, its
   * parameters (as `start` does), the expression, time zone, bounds and policies, and
   * that it fires after now, before anything is written; a name that exists is refused
   * (CAIRN_RECORD_CONFLICT). Answers the stored row and its next 3 fire times.
   */
  createSchedule(request: ScheduleRequest): Promise<CreatedSchedule>;
  /**
   * Stores the spec's `schedules:` (origin `spec`): creates or updates each by name, and
   * removes spec schedules no longer in the spec. One that does not check out is stored
   * paused with the reason; schedules made from the CLI or the API are never touched.
   */
  syncSpecSchedules(): Promise<SpecScheduleSync>;
  /**
   * The keyring check a server or worker makes before it starts: an active key when the
   * spec has encrypted fields, and every key that stored values name, with the right
   * material. CAIRN_KEY_MISSING or CAIRN_KEY_WRONG name the key id.
   */
  checkKeys(): Promise<void>;
  /** Stops the isolate pool and closes the database; followers end. */
  close(): Promise<void>;
}
