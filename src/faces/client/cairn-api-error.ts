import type { ErrorPayload } from "../../foundations/message.js";

/**
 * An error answered by a Cairn server, in the shape every Cairn error has: a stable
 * `code` (listed in Cairn's docs/errors.md), a `message` for people, a `hint` saying
 * how to fix it, and `details` for programs (such as `suggestions`).
 *
 * Thrown for every answer that is not 2xx (`status` is then the HTTP status), and by
 * {@link CommandRun.result} when a command failed or was aborted after it had started
 * (`status` is then 200, the status of the exchange, and `execution` names the run).
 */
export class CairnApiError extends Error {
  override readonly name = "CairnApiError";
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The stable error code, e.g. `CAIRN_PARAMETER_INVALID`. */
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** The execution the error ended, when it ended one. */
  readonly execution: string | undefined;
  /** A handler's original stack, as the server recorded it. */
  readonly remoteStack: string | undefined;

  constructor(status: number, payload: ErrorPayload, execution?: string) {
    super(payload.message);
    this.status = status;
    this.code = payload.code;
    this.hint = payload.hint;
    this.details = payload.details;
    this.execution = execution;
    this.remoteStack = payload.stack;
  }

  /** The error as the server sent it: `{code, message, hint?, details?, stack?}`. */
  toJSON(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.remoteStack === undefined ? {} : { stack: this.remoteStack }),
    };
  }
}

/** Whether `value` is an error a Cairn server answered. */
export function isCairnApiError(value: unknown): value is CairnApiError {
  return value instanceof CairnApiError;
}

/**
 * The error of a non-2xx answer. Cairn answers `{"error": {...}}`; anything else (a
 * proxy's error page) becomes code `HTTP_<status>` with the start of the body.
 */
export async function errorOfResponse(response: Response): Promise<CairnApiError> {
  const text = await response.text().catch(() => "");
  const payload = errorPayloadIn(text);
  if (payload !== undefined) return new CairnApiError(response.status, payload);
  const excerpt = text.trim().slice(0, 200);
  return new CairnApiError(response.status, {
    code: `HTTP_${String(response.status)}`,
    message:
      `${response.url} answered ${String(response.status)} ${response.statusText}${excerpt === "" ? "" : `: ${excerpt}`}`.trim(),
  });
}

function errorPayloadIn(text: string): ErrorPayload | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = isObject(body) ? body.error : undefined;
  return isErrorPayload(error) ? error : undefined;
}

/** Whether `value` has the shape of Cairn's error payload. */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  return isObject(value) && typeof value.code === "string" && typeof value.message === "string";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
