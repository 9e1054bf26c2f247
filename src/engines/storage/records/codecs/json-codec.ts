import type { JsonValue } from "../../../../spec/field-types.js";
import type { FieldCodec } from "./field-codec.js";
import { expected } from "./value-error.js";

function isJson(value: unknown): value is JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object") return false;
  if (Array.isArray(value)) return value.every(isJson);
  return Object.values(value).every(isJson);
}

/**
 * Text that parses as JSON becomes that value; other text stays a string (so the CLI
 * can write `attrs={"a":1}` and `note=hello` alike).
 */
export function parseJsonText(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** json: any JSON value, stored as JSON text (jsonb on PostgreSQL). */
export const jsonCodec: FieldCodec = {
  parse(raw) {
    if (typeof raw === "string") return parseJsonText(raw);
    if (!isJson(raw)) throw expected("a JSON value", raw);
    return raw;
  },
  toDb: (value) => JSON.stringify(value),
  fromDb(raw, dialect) {
    if (Buffer.isBuffer(raw)) return parseJsonText(raw.toString("utf8"));
    // PostgreSQL and MySQL 8 hand back parsed values; SQLite and MariaDB hand back text.
    if (typeof raw === "string" && dialect !== "postgres") return parseJsonText(raw);
    return raw as JsonValue;
  },
};
