import { isCairnError } from "../../foundations/cairn-error.js";
import { CairnError } from "../../foundations/cairn-error.js";
import type { ErrorPayload } from "../../foundations/message.js";

/**
 * Turns anything thrown into the serializable error of messages and execution records.
 * User code errors keep their original stack (Dagster's user-code error boundary), so
 * the author sees their own file and line, not the isolate's; platform code passes
 * `stack: false`, so its callers never see the server's files.
 */
export function toErrorPayload(
  error: unknown,
  fallbackCode: string,
  options: { readonly stack?: boolean } = {},
): ErrorPayload {
  const stack =
    options.stack !== false && error instanceof Error && error.stack !== undefined
      ? { stack: error.stack }
      : {};
  if (isCairnError(error)) return { ...error.toJSON(), ...stack };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      code: typeof code === "string" && code.startsWith("CAIRN_") ? code : fallbackCode,
      message: error.message,
      ...stack,
    };
  }
  return { code: fallbackCode, message: String(error) };
}

/** Rebuilds an error from its payload (a reply from the other thread), keeping the code. */
export function fromErrorPayload(payload: ErrorPayload, status = 500): CairnError {
  const error = new CairnError(payload.code, status, payload.message, {
    hint: payload.hint,
    details: payload.details,
  });
  if (payload.stack !== undefined) error.stack = payload.stack;
  return error;
}
