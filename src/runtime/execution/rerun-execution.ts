import type { RunRequest, RunningExecution } from "../run-request.js";
import type { RuntimeParts } from "../runtime-parts.js";
import type { RerunOptions } from "../runtime.js";
import { joinSecrets, maySealParameters } from "../parameters/secret-parameters.js";
import { executionSecrets } from "../parameters/stored-secrets.js";
import { findExecution } from "./find-execution.js";

/**
 * `runtime.rerun`: the same command again with the parameters its execution recorded
 * (typed values and filters, which parameter resolution takes back as they are), as a
 * new execution of origin `rerun`, run by the given principal (checked as any start) or,
 * from the local CLI, by `admin`.
 */
export async function rerunExecution(
  parts: RuntimeParts,
  id: string,
  options: RerunOptions,
  start: (request: RunRequest) => Promise<RunningExecution>,
): Promise<RunningExecution> {
  const row = await findExecution(parts.store, id);
  const recorded = row.parameters;
  const given =
    typeof recorded === "object" && recorded !== null && !Array.isArray(recorded)
      ? (recorded as Readonly<Record<string, unknown>>)
      : {};
  const command = parts.spec.commands.get(String(row.command));
  const parameters =
    command === undefined || !maySealParameters(command)
      ? given
      : joinSecrets(command, given, await executionSecrets(parts.store, id));
  return start({
    command: String(row.command),
    parameters,
    origin: "rerun",
    ...(options.principal === undefined ? {} : { principal: options.principal }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
