import type { RecordRow, RecordStore } from "../../engines/storage/records/record-store.js";
import type { Message } from "../../foundations/message.js";

/** Rows read per query while catching up. */
const PAGE = 500;

/** A stored `execution_message` row as the message it was (its body capped for storage). */
export function storedMessage(execution: string, row: RecordRow): Message {
  const body = (row.body ?? {}) as Record<string, unknown>;
  return {
    ...body,
    type: row.type,
    execution,
    seq: Number(row.seq),
    time: String(row.time),
  } as Message;
}

/** The stored messages of an execution with `seq` greater than `after`, in order, page by page. */
export async function* storedMessages(
  store: RecordStore,
  execution: string,
  after: number,
): AsyncGenerator<Message> {
  let last = after;
  for (;;) {
    const rows = await store.list("execution_message", {
      filters: [
        { path: "execution", value: execution },
        { path: "seq__gt", value: last },
      ],
      order: ["seq"],
      limit: PAGE,
    });
    for (const row of rows) {
      const message = storedMessage(execution, row);
      last = message.seq;
      yield message;
    }
    if (rows.length < PAGE) return;
  }
}
