import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { FieldType } from "../../../spec/field-types.js";
import { nullable, type JsonObject } from "./json-schema.js";

/** Decimals travel as text so no digit is lost; bigints likewise. */
const DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";
const INTEGER_TEXT_PATTERN = "^-?[0-9]+$";

/** The JSON Schema of a value of a type as the data API reads and writes it. */
export function typeSchema(type: FieldType): JsonObject {
  switch (type) {
    case "string":
    case "text":
      return { type: "string" };
    case "integer":
      return { type: "integer" };
    case "bigint":
      return { type: "string", pattern: INTEGER_TEXT_PATTERN };
    case "float":
      return { type: "number" };
    case "duration":
      return { type: "number", description: "seconds" };
    case "decimal":
      return { type: "string", pattern: DECIMAL_PATTERN };
    case "boolean":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "time":
      return { type: "string", format: "time" };
    case "uuid":
      return { type: "string", format: "uuid" };
    case "binary":
      return { type: "string", contentEncoding: "base64" };
    case "json":
      return {};
  }
}

/** A field's schema with its spec constraints (choices, bounds, length) and help. */
export function fieldSchema(field: FieldDefinition): JsonObject {
  const schema: Record<string, unknown> = { ...typeSchema(field.type) };
  if (field.choices !== undefined) schema.enum = [...field.choices];
  if (field.maxLength !== undefined) schema.maxLength = field.maxLength;
  if (field.min !== undefined && schema.type === "integer") schema.minimum = field.min;
  if (field.max !== undefined && schema.type === "integer") schema.maximum = field.max;
  if (field.min !== undefined && schema.type === "number") schema.minimum = field.min;
  if (field.max !== undefined && schema.type === "number") schema.maximum = field.max;
  if (field.help !== undefined) schema.description = field.help;
  return field.required ? schema : nullable(schema);
}
