import { executionNotFound, findExecution } from "../execution/find-execution.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { isAdmin, type Principal } from "./principal.js";

/** The role that reads every execution and its messages. */
export const AUDITOR_ROLE = "auditor";

/**
 * Whether `principal` may follow (`watch`) or abort an execution: its own user may do
 * both, an auditor may follow any, an admin may do anything. Anyone else is told the
 * execution does not exist (CAIRN_EXECUTION_NOT_FOUND), word for word as for an unknown
 * id, so ids cannot be probed. Rerunning needs `watch` (the rerun shows the recorded
 * parameters again) as well as the right to run the command.
 */
export async function checkExecutionAccess(
  parts: RuntimeParts,
  principal: Principal | undefined,
  id: string,
  action: "watch" | "abort",
): Promise<void> {
  if (principal === undefined || isAdmin(principal)) return;
  const row = await findExecution(parts.store, id);
  if (principal.user !== undefined && row.user === principal.user) return;
  if (action === "watch" && principal.roles.has(AUDITOR_ROLE)) return;
  executionNotFound(id); // word for word as for an id that does not exist
}
