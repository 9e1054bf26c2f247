import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { FieldType } from "../../../spec/field-types.js";
import type { DialectName } from "../database.js";
import { codecFor } from "./codecs/codec-for.js";
import type { FieldValue } from "./codecs/field-codec.js";

/**
 * Types whose parsed value already reads as the database hands it back (decoded), so a
 * typed key compares without an encode/decode round trip. Time (fractions dropped on
 * output), binary, boolean and json keys take the round trip.
 */
const CANONICAL: ReadonlySet<FieldType> = new Set<FieldType>([
  "string",
  "text",
  "integer",
  "bigint",
  "float",
  "decimal",
  "date",
  "datetime",
  "uuid",
  "duration",
]);

export function isCanonicalKey(type: FieldType): boolean {
  return CANONICAL.has(type);
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The text that matches a key value read from the database (as `storedKeyText` gives it). */
export function keyText(field: FieldDefinition, value: FieldValue, dialect: DialectName): string {
  if (CANONICAL.has(field.type)) return asText(value);
  const codec = codecFor(field.type);
  return asText(codec.fromDb(codec.toDb(value, dialect), dialect, field));
}

/** The comparable text of a key column value as the driver returned it. */
export function storedKeyText(field: FieldDefinition, raw: unknown, dialect: DialectName): string {
  return asText(codecFor(field.type).fromDb(raw, dialect, field));
}
