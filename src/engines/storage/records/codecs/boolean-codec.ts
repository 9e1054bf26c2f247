import type { FieldCodec } from "./field-codec.js";
import { expected } from "./value-error.js";

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);

/** Parses true/false/1/0/yes/no (any case), JSON booleans and the numbers 1 and 0. */
export function parseBoolean(raw: unknown): boolean {
  if (typeof raw === "boolean") return raw;
  const text = typeof raw === "number" || typeof raw === "string" ? String(raw).trim() : "";
  if (TRUE.has(text.toLowerCase())) return true;
  if (FALSE.has(text.toLowerCase())) return false;
  throw expected("true or false (also 1/0, yes/no)", raw);
}

/** boolean: stored as 1/0 where the backend has no boolean type (SQLite, MySQL). */
export const booleanCodec: FieldCodec = {
  parse: parseBoolean,
  toDb: (value, dialect) => (dialect === "postgres" ? value : value === true ? 1 : 0),
  fromDb(raw) {
    if (typeof raw === "boolean") return raw;
    if (typeof raw === "string") return raw === "t" || raw === "true" || raw === "1";
    return Number(raw) !== 0;
  },
};
