import type { RecordRow } from "../../engines/storage/records/record-store.js";
import type { Message } from "../../foundations/message.js";
import { findExecution, FINAL_STATUSES, statusOf } from "../execution/find-execution.js";
import type { LiveChannel } from "../messages/live-channel.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { followStream } from "./follow-stream.js";
import { advance, type Position } from "./position.js";
import { statusFromRow } from "./status-from-row.js";
import { storedMessages } from "./stored-messages.js";
import { abortablePause } from "../abortable-pause.js";

/**
 * Follows an execution running in this process: subscribes first (taking the messages
 * not yet stored), then reads the stored ones after `after`, then those, then the live
 * queue, skipping any `seq` already yielded, so nothing is missed or repeated. A
 * follower that falls behind its queue rejoins and catches up from the database again.
 */
async function* followLive(
  parts: RuntimeParts,
  channel: LiveChannel,
  id: string,
  position: Position,
  signal: AbortSignal,
): AsyncGenerator<Message> {
  const subscription = channel.subscribe(parts.options.followerQueue);
  try {
    for (;;) {
      for await (const message of storedMessages(parts.store, id, position.last)) {
        if (advance(position, message)) yield message;
        if (position.done || signal.aborted) return;
      }
      for (const message of subscription.takeBacklog()) {
        if (advance(position, message)) yield message;
        if (position.done || signal.aborted) return;
      }
      for (;;) {
        const next = await subscription.next(signal);
        if (next.kind === "stopped" || next.kind === "ended") return;
        if (next.kind === "behind") {
          channel.rejoin(subscription);
          break;
        }
        if (advance(position, next.message)) yield next.message;
        if (position.done) return;
      }
    }
  } finally {
    channel.unsubscribe(subscription);
  }
}

/** The status to end with when the final row's status message was never stored. */
async function missingStatus(
  parts: RuntimeParts,
  row: RecordRow,
  id: string,
): Promise<Message | undefined> {
  const [last] = await parts.store.list("execution_message", {
    filters: [{ path: "execution", value: id }],
    order: ["-seq"],
    limit: 1,
  });
  if (last?.type === "status") return undefined;
  return statusFromRow(row, id, Number(last?.seq ?? 0) + 1);
}

/**
 * Follows an execution that runs in another process, or has ended: reads the stored
 * messages until the stored `status` message, which is written before the row is final.
 * While it runs and the runtime has streams, it then reads the execution's stream (see
 * followStream); otherwise (queued, no streams, Redis unreachable) it reads the database
 * again every `followPollMs`. A final row without a stored status message ends the
 * follow with a status built from the row (see statusFromRow).
 */
async function* followStored(
  parts: RuntimeParts,
  id: string,
  position: Position,
  signal: AbortSignal,
): AsyncGenerator<Message> {
  for (;;) {
    const row = await findExecution(parts.store, id);
    for await (const message of storedMessages(parts.store, id, position.last)) {
      if (advance(position, message)) yield message;
      if (position.done || signal.aborted) return;
    }
    const status = statusOf(row);
    if (FINAL_STATUSES.has(status)) {
      const end = await missingStatus(parts, row, id);
      if (end !== undefined && advance(position, end)) yield end;
      return;
    }
    if (parts.streams !== undefined && status === "running") {
      const end = yield* followStream(parts, parts.streams, id, position, signal);
      if (position.done || signal.aborted) return;
      // Not running any more: the row and the database say what comes next.
      if (end === "elsewhere") continue;
    }
    await abortablePause(parts.options.followPollMs, signal);
    if (signal.aborted) return;
  }
}

/** An execution's messages after `after`: live when it runs here, else from the database. */
export async function* followExecution(
  parts: RuntimeParts,
  id: string,
  after: number,
  signal: AbortSignal,
): AsyncGenerator<Message> {
  const position: Position = { last: after, done: false };
  const channel = parts.hub.get(id);
  if (channel !== undefined) yield* followLive(parts, channel, id, position, signal);
  if (!position.done && !signal.aborted) yield* followStored(parts, id, position, signal);
}
