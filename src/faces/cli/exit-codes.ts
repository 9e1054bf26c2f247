import { exitCodeFor } from "../../foundations/cairn-error.js";
import { registeredErrors } from "../../foundations/define-error.js";
import type { ErrorPayload } from "../../foundations/message.js";
// Registers every code, so the lookup below sees them all.
import "../../foundations/error-codes.js";

/**
 * The exit code of a failed execution, from its error code's registered status, so a
 * bad value found while running (CAIRN_RECORD_INVALID) is an input error (2) just like
 * one found before (CAIRN_PARAMETER_INVALID), and a handler failure is 1.
 */
export function exitCodeForPayload(payload: ErrorPayload | undefined): 1 | 2 {
  if (payload === undefined) return 1;
  const definition = registeredErrors().find((d) => d.code === payload.code);
  return definition === undefined ? 1 : exitCodeFor(definition.create(payload.message));
}
