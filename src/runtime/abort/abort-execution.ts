import { ExecutionAborted } from "../../foundations/error-codes.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import { findExecution, FINAL_STATUSES, statusOf } from "../execution/find-execution.js";
import type { RuntimeParts } from "../runtime-parts.js";
import type { AbortAnswer } from "../runtime.js";

/**
 * A queued execution nobody claimed yet is taken off its queue and marked `aborted` at
 * once (a conditional update, so a worker claiming it meanwhile wins and the abort goes
 * the running way); its stored status message ends its followers.
 */
async function abortQueued(parts: RuntimeParts, id: string): Promise<boolean> {
  try {
    await parts.transport.remove(id);
  } catch (error) {
    // The row decides: a job left on the transport finds nothing to claim.
    process.emitWarning(`cannot take execution ${id} off its queue: ${String(error)}`);
  }
  const error = { code: ExecutionAborted.code, message: "aborted while queued" };
  if (!(await parts.rows.abortQueued(id, error))) return false;
  await parts.rows.append(id, { type: "status", status: "aborted", error });
  return true;
}

/**
 * `runtime.abort`: an execution running in this process is aborted at once, and so is
 * one still queued; one running elsewhere gets `abort_requested` set, which its own process picks up (see
 * RunningExecutions); a finished one is left alone.
 */
export async function abortExecution(parts: RuntimeParts, id: string): Promise<AbortAnswer> {
  if (parts.running.abort(id)) return { execution: id, status: "running", aborting: true };
  const row = await findExecution(parts.store, id);
  const status = statusOf(row);
  if (FINAL_STATUSES.has(status)) return { execution: id, status, aborting: false };
  if (status === "queued" && (await abortQueued(parts, id))) {
    return { execution: id, status: "aborted", aborting: true };
  }
  await parts.gate();
  await retryWhileBusy(() =>
    parts.store.save("execution", { key: id }, { abort_requested: new Date().toISOString() }),
  );
  return { execution: id, status, aborting: true };
}
