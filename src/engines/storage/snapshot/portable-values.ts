import { plainField } from "../../../spec/field-definition.js";
import type { JsonValue } from "../../../spec/field-types.js";
import type { DialectName } from "../database.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { ColumnSchema } from "../schema/index.js";
import { DEFAULT_DECIMAL_SCALE } from "../schema/index.js";

/**
 * A column's value as a backup holds it, the same whichever backend it came from:
 * what the field codecs return (dates and instants as ISO text, decimals as text at
 * the column's scale, booleans as booleans, big integers as text past 2^53), with
 * binary as base64.
 */
export function toPortable(raw: unknown, column: ColumnSchema, dialect: DialectName): JsonValue {
  if (raw === null || raw === undefined) return null;
  if (column.type === "decimal") {
    if (typeof raw === "number") return raw.toFixed(column.scale ?? DEFAULT_DECIMAL_SCALE);
    return typeof raw === "string" ? raw : JSON.stringify(raw);
  }
  if (column.type === "integer" && typeof raw === "bigint") return Number(raw);
  // Codecs read only a field's type and scale; the rest of a definition is not consulted.
  return codecFor(column.type).fromDb(raw, dialect, plainField(column.name, column.type, NOWHERE));
}

/** The driver parameter for a portable value on `dialect`. */
export function fromPortable(value: unknown, column: ColumnSchema, dialect: DialectName): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case "binary":
      return Buffer.from(typeof value === "string" ? value : "", "base64");
    case "json":
      return JSON.stringify(value);
    case "boolean":
    case "bigint":
    case "datetime":
      return codecFor(column.type).toDb(value as JsonValue, dialect);
    case "date":
    case "decimal":
    case "float":
    case "integer":
    case "string":
    case "text":
    case "time":
    case "uuid":
      return value;
  }
}

/** Where a backup column's field definition comes from: no spec file. */
const NOWHERE = { file: "", line: 0, column: 0, path: "" } as const;
