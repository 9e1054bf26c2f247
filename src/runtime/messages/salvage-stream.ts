import type { Message } from "../../foundations/message.js";
import { boundedBody } from "../execution/bounded-for-storage.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { retryWhileBusy } from "./is-busy-error.js";

/**
 * Stores the messages of a dead attempt that reached its stream but not the database
 * (the recorder writes in batches, so a killed worker takes its last batch with it):
 * those with `seq` past the last stored, except a `status` message, since the row, not
 * a lost attempt, decides how the execution ends. Called by the reaper once it has taken
 * the attempt over, before its own note, so the note and the next attempt come after
 * what followers of the stream have seen. Best effort: answers how many it stored, 0
 * without streams or when Redis fails (then those messages are lost, as without Redis).
 */
export async function salvageStream(parts: RuntimeParts, id: string): Promise<number> {
  const streams = parts.streams;
  if (streams === undefined) return 0;
  try {
    const after = await parts.rows.lastSeq(id);
    const messages = (await streams.tail(id, after)).filter((message) => message.type !== "status");
    if (messages.length > 0) await store(parts, id, messages);
    return messages.length;
  } catch (error) {
    process.emitWarning(`cannot store the streamed messages of execution ${id}: ${String(error)}`);
    return 0;
  }
}

function store(parts: RuntimeParts, id: string, messages: readonly Message[]): Promise<unknown> {
  return retryWhileBusy(() =>
    parts.store.saveMany(
      "execution_message",
      messages.map((message) => {
        const { execution: _execution, seq, time, ...body } = message;
        return {
          key: { key: String(seq), scope: { execution: id } },
          values: { type: message.type, time, body: boundedBody(body) },
        };
      }),
    ),
  );
}
