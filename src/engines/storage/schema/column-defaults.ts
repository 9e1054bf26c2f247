import type { JsonValue } from "../../../spec/field-types.js";
import type { ColumnDefault, ColumnType } from "./schema-types.js";

/**
 * Literal column defaults. Only types whose literals read back the same on every
 * backend keep a database default (strings, numbers, booleans); the record layer
 * applies every spec default anyway, so dropping the others loses nothing.
 */
const DEFAULTABLE: ReadonlySet<ColumnType> = new Set([
  "string",
  "integer",
  "bigint",
  "float",
  "decimal",
  "boolean",
]);

/** The database default for a spec default, or undefined when it stays in the record layer. */
export function columnDefaultFromSpec(
  value: JsonValue | undefined,
  type: ColumnType,
): ColumnDefault | undefined {
  if (value === undefined || value === null || !DEFAULTABLE.has(type)) return undefined;
  if (typeof value === "string") return type === "string" ? value : undefined;
  if (typeof value === "boolean") return type === "boolean" ? value : undefined;
  if (typeof value !== "number") return undefined;
  if (type === "integer" || type === "bigint") return Number.isInteger(value) ? value : undefined;
  return type === "float" || type === "decimal" ? value : undefined;
}

function unquote(text: string): string | undefined {
  const match = /^'((?:[^']|'')*)'$/s.exec(text);
  return match?.[1]?.replaceAll("''", "'");
}

/**
 * A default as a database reports it (`'abc'::character varying`, `'abc'`, `1`, `true`,
 * `NULL`) read back as a literal of the column's logical type; undefined for none or
 * for an expression (`nextval(...)`, `current_timestamp`).
 */
export function parseDefaultLiteral(
  raw: string | null | undefined,
  type: ColumnType,
): ColumnDefault | undefined {
  if (raw === null || raw === undefined) return undefined;
  let text = raw.trim();
  for (;;) {
    const stripped = text.replace(/^\((.*)\)$/s, "$1").replace(/::[a-z ]+(\([\d, ]*\))?$/i, "");
    if (stripped === text) break;
    text = stripped;
  }
  if (/^null$/i.test(text)) return undefined;
  const literal = unquote(text) ?? text;
  switch (type) {
    case "boolean":
      if (/^(true|1|t)$/i.test(literal)) return true;
      if (/^(false|0|f)$/i.test(literal)) return false;
      return undefined;
    case "integer":
    case "bigint":
    case "float":
    case "decimal": {
      const number = Number(literal);
      return literal !== "" && Number.isFinite(number) ? number : undefined;
    }
    case "string":
    case "text":
    case "uuid":
      return unquote(text) ?? (/^[a-z_]+\(/i.test(text) ? undefined : text);
    case "date":
    case "datetime":
    case "time":
    case "json":
    case "binary":
      return undefined;
  }
}

/** The value a NOT NULL column takes in rows that had none (used only when destructive changes are allowed). */
export function zeroValue(type: ColumnType): string | number | boolean {
  switch (type) {
    case "string":
    case "text":
      return "";
    case "integer":
    case "bigint":
    case "float":
    case "decimal":
      return 0;
    case "boolean":
      return false;
    case "date":
      return "1970-01-01";
    case "datetime":
      return "1970-01-01 00:00:00";
    case "time":
      return "00:00:00";
    case "json":
      return "null";
    case "uuid":
      return "00000000-0000-0000-0000-000000000000";
    case "binary":
      return "";
  }
}
