import type { Message } from "../../../foundations/message.js";

/**
 * Live messages across processes (DESIGN.md section 7): every process running an
 * execution appends its messages to that execution's stream, bounded and expiring, and
 * followers on other processes read it by `seq` instead of polling the database. Redis
 * Streams in the distributed shape; the embedded shape has none (one process, one hub).
 * A stream is a cache of the newest messages, never the record: the database has them
 * all, so a follower that finds a gap (a trimmed stream, or a message written to the
 * database only) reads the gap from there.
 */
export interface MessageStreams {
  /**
   * Appends messages (of one or several executions, each execution's in `seq` order) in
   * one round trip. A message whose `seq` is not past the newest its stream holds (a
   * stale attempt's) is skipped. Rejects when Redis cannot be reached.
   */
  append(messages: readonly Message[]): Promise<void>;
  /**
   * The messages of `execution` with `seq` greater than `after` that its stream holds,
   * in order (at most a page), waiting up to `blockMs` for one when there are none yet;
   * [] when none came in time or `signal` fired. The first may come later than
   * `after + 1`: the stream was trimmed past it, or it never went through the stream.
   * Rejects when Redis cannot be reached.
   */
  read(
    execution: string,
    after: number,
    blockMs: number,
    signal: AbortSignal,
  ): Promise<readonly Message[]>;
  /** Every message of `execution` with `seq` greater than `after` its stream still holds. */
  tail(execution: string, after: number): Promise<readonly Message[]>;
  /** Closes the connections; pending reads answer []. */
  close(): Promise<void>;
}
