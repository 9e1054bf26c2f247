import { retryWhileBusy } from "../messages/is-busy-error.js";
import { findExecution, FINAL_STATUSES, statusOf } from "../execution/find-execution.js";
import type { RuntimeParts } from "../runtime-parts.js";
import type { AbortAnswer } from "../runtime.js";

/**
 * `runtime.abort`: an execution running in this process is aborted at once; one running
 * elsewhere gets `abort_requested` set, which its own process picks up (see
 * RunningExecutions); a finished one is left alone.
 */
export async function abortExecution(parts: RuntimeParts, id: string): Promise<AbortAnswer> {
  if (parts.running.abort(id)) return { execution: id, status: "running", aborting: true };
  const row = await findExecution(parts.store, id);
  const status = statusOf(row);
  if (FINAL_STATUSES.has(status)) return { execution: id, status, aborting: false };
  await parts.gate();
  await retryWhileBusy(() =>
    parts.store.save("execution", { key: id }, { abort_requested: new Date().toISOString() }),
  );
  return { execution: id, status, aborting: true };
}
