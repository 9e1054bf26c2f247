import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { HandlerReference } from "../../spec/command-definition.js";
import { camelCaseKeys } from "../parameters/camel-case.js";
import type { RuntimeParts } from "../runtime-parts.js";
import type { InProcessRun } from "./run-builtin.js";

/**
 * Runs a user handler on the isolate pool: parameters camelCased, messages numbered and
 * recorded here, `ctx.run` answered here, and the reader's and recorder's progress fed
 * back to the isolate as its send window.
 */
export function runHandler(
  parts: RuntimeParts,
  run: InProcessRun & { readonly handler: HandlerReference; readonly nested: boolean },
): Promise<JobOutcome> {
  const timeout = run.command.timeout;
  const handle = parts.pool().start(
    {
      execution: run.execution.id,
      user: run.user,
      handler: run.handler,
      parameters: camelCaseKeys(run.parameters.values),
    },
    {
      message: (body) => {
        run.execution.emit(body);
      },
      request: (request) => run.run(request.command, request.parameters),
    },
    {
      signal: run.signal,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      overflow: run.nested,
    },
  );
  run.execution.onRelease((count) => {
    handle.release(count);
  });
  return handle.outcome;
}
