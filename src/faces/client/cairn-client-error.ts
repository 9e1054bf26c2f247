/**
 * An error the client raises itself, before or instead of a server's answer, in the
 * shape of Cairn's errors: a stable `code` (listed in Cairn's docs/errors.md), a
 * `message` and a `hint`.
 *
 * - `CAIRN_TOKEN_INSECURE`: the token would travel over plain `http://` to a host that
 *   is not this machine; nothing was sent (pass `insecure: true` to allow it).
 * - `CAIRN_TLS_UNTRUSTED`: the server's certificate cannot be verified; `cause` holds
 *   the TLS error.
 */
export class CairnClientError extends Error {
  override readonly name = "CairnClientError";
  readonly code: "CAIRN_TOKEN_INSECURE" | "CAIRN_TLS_UNTRUSTED";
  readonly hint: string;

  constructor(
    code: CairnClientError["code"],
    message: string,
    hint: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, options);
    this.code = code;
    this.hint = hint;
  }
}

/** Whether `value` is an error the client raised itself. */
export function isCairnClientError(value: unknown): value is CairnClientError {
  return value instanceof CairnClientError;
}
