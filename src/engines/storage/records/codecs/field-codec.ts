import type { FieldDefinition } from "../../../../spec/field-definition.js";
import type { JsonValue } from "../../../../spec/field-types.js";
import type { DialectName } from "../../database.js";

/** A validated value in its canonical form: JSON-like, or bytes for binary fields. */
export type FieldValue = JsonValue | Buffer;

/**
 * How one field type moves between the outside world and the database. `parse` takes
 * raw input (a string from the CLI or a URL, or a JSON value), never null, and throws
 * a ValueError; `toDb` gives the driver parameter; `fromDb` turns what the driver
 * returned (never null) into JSON-ready output.
 */
export interface FieldCodec {
  parse(raw: unknown, field: FieldDefinition): FieldValue;
  toDb(value: FieldValue, dialect: DialectName): unknown;
  fromDb(raw: unknown, dialect: DialectName, field: FieldDefinition): JsonValue;
}
