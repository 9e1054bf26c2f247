import { codecFor } from "../../engines/storage/records/codecs/codec-for.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import { DEFAULT_QUEUE } from "../queue/backoff.js";
import type { RuntimeParts } from "../runtime-parts.js";
import type { EndRow } from "../execution/end-row.js";
import { endKind, runGroups, runNotifyOf, SEND_COMMAND, tells } from "./notify-rule.js";

const DATETIME = codecFor("datetime");
const JSON_VALUE = codecFor("json");

/** Who the queued `notification send` runs as: platform work, done as `admin`. */
const SEND_USER = "admin";

function decodedNotify(parts: RuntimeParts, value: unknown): unknown {
  const field = parts.spec.models.get("execution")?.fields.get("notify");
  if (value === null || value === undefined || field === undefined) return null;
  return JSON_VALUE.fromDb(value, parts.database.dialect, field);
}

/**
 * Marks the execution notified, only if no one did yet (a worker ending a run and a
 * reaper marking it lost may both get here): answers whether this caller won.
 */
async function claim(parts: RuntimeParts, id: string): Promise<boolean> {
  await parts.gate();
  const result = await retryWhileBusy(() =>
    parts.database.db
      .updateTable("execution")
      .set({ notified: DATETIME.toDb(new Date().toISOString(), parts.database.dialect) })
      .where("id", "=", Number(id))
      .where("notified", "is", null)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) > 0;
}

/** Whether anyone is to hear of this end (the send reads the subscription's groups). */
function anyoneTold(parts: RuntimeParts, row: EndRow): boolean {
  const kind = endKind(row.status);
  if (kind === undefined) return false;
  if (tells(row.on, kind)) return true;
  return runGroups(runNotifyOf(decodedNotify(parts, row.notify)), kind).length > 0;
}

async function dispatch(parts: RuntimeParts, id: string, ended?: EndRow): Promise<void> {
  const send = parts.spec.commands.get(SEND_COMMAND);
  if (send === undefined) return;
  const row = ended ?? (await parts.endRows.read(id));
  if (row === undefined || row.command === SEND_COMMAND) return;
  if (row.parent_id !== null && row.parent_id !== undefined) return;
  if (row.notified !== null && row.notified !== undefined) return;
  if (!anyoneTold(parts, row)) return;
  if (!(await claim(parts, id))) return;
  const queue = send.queue ?? DEFAULT_QUEUE;
  const priority = send.priority ?? 0;
  const sendId = await parts.log.create(
    {
      command: SEND_COMMAND,
      parameters: { execution: id },
      user: SEND_USER,
      origin: "command",
      parent: id,
      queued: { queue, priority },
    },
    true,
  );
  try {
    await parts.transport.enqueue({ execution: sendId, queue, priority });
  } catch (error) {
    // The row is the truth: the sweeper puts a stray queued row back on its queue.
    process.emitWarning(`cannot put execution ${sendId} on queue '${queue}' now: ${String(error)}`);
  }
}

/**
 * Called once an execution's final status is stored: when its command's subscription
 * or the run's own groups want to hear of this end (see notify-rule), queues ONE
 * `notification send` of it (a child of it, run as admin), which resolves the
 * recipients and delivers, with the retries of a queued command. Runs started by
 * another command (`ctx.run`) and the sends themselves are never notified about. A
 * failure here is reported and never changes the execution's outcome. `ended` is the row
 * as the end returned it, when it did (else it is read).
 */
export async function notifyEnd(parts: RuntimeParts, id: string, ended?: EndRow): Promise<void> {
  if (id === "") return;
  try {
    await dispatch(parts, id, ended);
  } catch (error) {
    process.emitWarning(`cannot queue the notification of execution ${id}: ${String(error)}`);
  }
}
