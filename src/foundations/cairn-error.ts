/**
 * The one root of every error Cairn raises on purpose. A user-facing error carries a
 * stable code (documented in docs/errors.md), a message saying what went wrong and
 * where, and a hint saying how to fix it. `status` is the HTTP status the faces answer
 * with; the CLI derives its exit code from it (see `exitCodeFor`).
 */
export interface CairnErrorOptions {
  readonly hint?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
  readonly cause?: unknown;
}

export class CairnError extends Error {
  override readonly name = "CairnError";
  readonly code: string;
  readonly status: number;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, status: number, message: string, options: CairnErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  /** A plain object safe to serialize to JSON (API answers, execution messages). */
  toJSON(): { code: string; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: { ...this.details } }),
    };
  }
}

export function isCairnError(value: unknown): value is CairnError {
  return value instanceof CairnError;
}

/** CLI exit codes of DESIGN.md section 5: 2 for usage or input errors, 1 for failures. */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (isCairnError(error) && error.status >= 400 && error.status < 500 && error.status !== 404) {
    return 2;
  }
  return 1;
}
