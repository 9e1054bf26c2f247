import type { RecordRow } from "../../engines/storage/records/record-store.js";
import type { ErrorPayload, Message } from "../../foundations/message.js";
import { HandlerFailed } from "../../foundations/error-codes.js";

/**
 * The `status` message of an execution whose row is final but whose status message
 * was never stored (its messages could not be written): the row holds the same
 * outcome. A `lost` execution has no outcome, so it gets none and its follow ends after
 * the stored messages.
 */
export function statusFromRow(row: RecordRow, execution: string, seq: number): Message | undefined {
  const status = row.status;
  const time = typeof row.finished === "string" ? row.finished : new Date().toISOString();
  const base = { type: "status" as const, execution, seq, time };
  if (status === "success") {
    return {
      ...base,
      status,
      ...(row.result === null || row.result === undefined ? {} : { result: row.result }),
    };
  }
  if (status === "failed" || status === "aborted") {
    const error = (row.error ?? {
      code: HandlerFailed.code,
      message: `the execution ended ${status}`,
    }) as ErrorPayload;
    return { ...base, status, error };
  }
  return undefined;
}
