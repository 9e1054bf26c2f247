import type { RecordRow } from "../../engines/storage/records/record-store.js";
import type { Message } from "../../foundations/message.js";
import { findExecution, FINAL_STATUSES, statusOf } from "../execution/find-execution.js";
import type { LiveChannel } from "../messages/live-channel.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { statusFromRow } from "./status-from-row.js";
import { storedMessages } from "./stored-messages.js";
import { abortablePause } from "../abortable-pause.js";

/** Where a follower has got to: the last `seq` it yielded, and whether that was the end. */
interface Position {
  last: number;
  done: boolean;
}

function advance(position: Position, message: Message): boolean {
  if (message.seq <= position.last) return false;
  position.last = message.seq;
  position.done = message.type === "status";
  return true;
}

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
 * Follows an execution through the database alone (it runs in another process, or has
 * ended): reads new messages every `followPollMs` until the stored `status` message,
 * which is written before the row is final. A final row without one ends the follow
 * with a status built from the row (see statusFromRow).
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
    if (FINAL_STATUSES.has(statusOf(row))) {
      const end = await missingStatus(parts, row, id);
      if (end !== undefined && advance(position, end)) yield end;
      return;
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
