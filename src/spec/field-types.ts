/** Field types of DESIGN.md section 4. */
export const FIELD_TYPES = [
  "string",
  "text",
  "integer",
  "bigint",
  "float",
  "decimal",
  "boolean",
  "date",
  "datetime",
  "time",
  "duration",
  "json",
  "uuid",
  "binary",
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * Parameter types: every field type plus `key` (a model's natural key), `flag`, and
 * `secret` (text that is encrypted at rest and shown as `***`).
 */
export const PARAMETER_TYPES = [...FIELD_TYPES, "key", "flag", "secret"] as const;

export type ParameterType = (typeof PARAMETER_TYPES)[number];

export function isFieldType(value: string): value is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(value);
}

export function isParameterType(value: string): value is ParameterType {
  return (PARAMETER_TYPES as readonly string[]).includes(value);
}

/** A JSON value as written in a spec (defaults, choices). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
