import type { MessageStreams } from "../../engines/executors/queue/message-streams.js";
import type { Message } from "../../foundations/message.js";
import { abortablePause } from "../abortable-pause.js";
import { findExecution, statusOf } from "../execution/find-execution.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { advance, type Position } from "./position.js";
import { storedMessages } from "./stored-messages.js";

/**
 * Why a stream follow stopped short of the `status` message: the execution is no longer
 * running (queued again, or ended without one reaching the stream), or Redis failed.
 */
export type StreamEnd = "elsewhere" | "unavailable" | "stopped";

/** Streams whose read failure was reported, until a read succeeds again. */
const reported = new WeakSet<MessageStreams>();

/**
 * Follows an execution running in another process through its stream: the stored
 * messages first, then the stream from the last `seq` yielded, waiting on it (XREAD
 * BLOCK) rather than polling, and skipping any `seq` already yielded. The database fills
 * what the stream lacks: when the stream's first message after the position is not the
 * next (it was trimmed, or the message went only to the database, as a reaper's note
 * does) the follower reads the database up to the gap, waiting `followPollMs` between
 * reads while it has not been stored yet (and the execution runs); and after
 * `followBlockMs` with nothing new it reads the database and the row again, so it
 * ends when the execution stops running.
 */
export async function* followStream(
  parts: RuntimeParts,
  streams: MessageStreams,
  id: string,
  position: Position,
  signal: AbortSignal,
): AsyncGenerator<Message, StreamEnd> {
  const { followBlockMs, followPollMs } = parts.options;
  let fromDatabase = false;
  let gap = false;
  for (;;) {
    if (fromDatabase) {
      const before = position.last;
      for await (const message of storedMessages(parts.store, id, position.last)) {
        if (advance(position, message)) yield message;
        if (position.done || signal.aborted) return "stopped";
      }
      if (gap && position.last === before) {
        // Not stored yet, or never will be (the run ended without storing it).
        if (statusOf(await findExecution(parts.store, id)) !== "running") return "elsewhere";
        await abortablePause(followPollMs, signal);
        if (signal.aborted) return "stopped";
      }
    }
    let batch: readonly Message[];
    try {
      batch = await streams.read(id, position.last, followBlockMs, signal);
      reported.delete(streams);
    } catch (error) {
      if (!reported.has(streams)) {
        reported.add(streams);
        process.emitWarning(
          `cannot read live messages from Redis; following through the database: ${String(error)}`,
        );
      }
      return "unavailable";
    }
    if (signal.aborted) return "stopped";
    if (batch.length === 0) {
      if (statusOf(await findExecution(parts.store, id)) !== "running") return "elsewhere";
      fromDatabase = true;
      gap = false;
      continue;
    }
    gap = false;
    for (const message of batch) {
      if (message.seq > position.last + 1) {
        gap = true;
        break;
      }
      if (advance(position, message)) yield message;
      if (position.done) return "stopped";
    }
    fromDatabase = gap;
  }
}
