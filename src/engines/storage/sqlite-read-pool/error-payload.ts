import SqliteDatabase from "better-sqlite3";
import type { ErrorPayload } from "./protocol.js";

/** What of an error thrown in a read thread crosses back to the main thread. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
  };
}

const BUILT_IN: Readonly<Record<string, new (message: string) => Error>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
};

/**
 * The error as the main thread's own connection would have thrown it: better-sqlite3's
 * `SqliteError` with the same code (so SQLITE_BUSY, constraint and other code checks
 * work unchanged), or the same built-in error type with the same message.
 */
export function fromErrorPayload(payload: ErrorPayload): Error {
  if (payload.name === "SqliteError" && payload.code !== undefined) {
    return new SqliteDatabase.SqliteError(payload.message, payload.code);
  }
  const error = new (BUILT_IN[payload.name] ?? Error)(payload.message);
  if (payload.code !== undefined) Object.assign(error, { code: payload.code });
  return error;
}
