import type { FinalStatus, Message } from "../foundations/message.js";
import type { Principal } from "./access/principal.js";

export const EXECUTION_ORIGINS = ["cli", "api", "schedule", "profile", "rerun", "command"] as const;
export type ExecutionOrigin = (typeof EXECUTION_ORIGINS)[number];

/** A request to run one command, from any face. */
export interface RunRequest {
  /** The command's name: `weather fetch`, `station list`. */
  readonly command: string;
  /**
   * Parameters as the caller gave them: strings from the CLI (`days=3`, lists
   * comma-separated), JSON values from the API. For resource commands, keys of the form
   * `path__op` (or a bare field path) are filters.
   */
  readonly parameters: Readonly<Record<string, unknown>>;
  /**
   * Whether the parameters are text to coerce as a command line's (lists
   * comma-separated, JSON as text). Default: only for origin `cli`.
   */
  readonly parametersAsText?: boolean;
  readonly origin: ExecutionOrigin;
  /**
   * Who runs it: their roles decide whether they may, and the execution records their
   * name. Absent for the local CLI and platform code, which act as `admin`.
   */
  readonly principal?: Principal;
  /** Aborts the execution (Ctrl-C, a client disconnect). */
  readonly signal?: AbortSignal;
  /**
   * Queue the run for a worker (as a `background: true` command always is): the
   * execution is recorded `queued` and `messages` follow it wherever it runs.
   */
  readonly queue?: boolean;
  /** The queue to put it on (default: the command's `queue:`, else `default`). */
  readonly queueName?: string;
  /** Its priority on the queue: lower runs first, 0 first of all (default: the command's). */
  readonly priority?: number;
  /** Run here, in this process, even a `background: true` command. */
  readonly local?: boolean;
  /**
   * The caller wants only the id: the run is queued (as with `queue`) and nobody
   * follows it here (`messages` may be left unread).
   */
  readonly async?: boolean;
  /**
   * Groups told how this run ends, whatever the end (`--notify`, `_notify`), besides
   * those subscribed to the command; each group must exist.
   */
  readonly notify?: readonly string[];
  /** Groups told only when this run fails or is lost (`--notify-fail`, `_notify_fail`). */
  readonly notifyFail?: readonly string[];
}

/** An execution that has started: follow its messages, or await its end. */
export interface RunningExecution {
  /** The execution id (as a string), or `""` for unrecorded platform commands. */
  readonly id: string;
  /** The command's name, as found (`weather fetch`). */
  readonly command: string;
  /**
   * Every message in `seq` order, ending with the `status` message. Iterate once. A
   * handler pauses once `messageWindow` (1000) of its messages are unread, as an unread
   * Node stream does; `break` detaches the reader and the run goes on, recorded only.
   */
  readonly messages: AsyncIterable<Message>;
  /** Settles with the final status once the execution record is complete. */
  readonly finished: Promise<FinalStatus>;
}
