import type { RecordRow, RecordStore } from "../../engines/storage/records/record-store.js";
import { ExecutionNotFound, RecordNotFound } from "../../foundations/error-codes.js";
import { EXECUTION_STATUSES, type ExecutionStatus } from "../../foundations/message.js";

/** Statuses after which an execution emits nothing more. */
export const FINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set([
  "success",
  "failed",
  "aborted",
  "lost",
]);

/** CAIRN_EXECUTION_NOT_FOUND for `id`: the one answer for unknown and withheld executions. */
export function executionNotFound(id: string): never {
  throw ExecutionNotFound.create(`no execution has the id '${id}'`, {
    hint: "Run `cairn execution list` to see the executions.",
    details: { execution: id },
  });
}

/** The `execution` row with this id, or CAIRN_EXECUTION_NOT_FOUND. */
export async function findExecution(store: RecordStore, id: string): Promise<RecordRow> {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) executionNotFound(id);
  try {
    return await store.get("execution", { key: id });
  } catch (error) {
    if (RecordNotFound.is(error)) executionNotFound(id);
    throw error;
  }
}

/** The row's status, read defensively. */
export function statusOf(row: RecordRow): ExecutionStatus {
  const status = row.status;
  return (EXECUTION_STATUSES as readonly unknown[]).includes(status)
    ? (status as ExecutionStatus)
    : "lost";
}
