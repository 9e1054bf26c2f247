import {
  ValueError,
  checkConstraints,
  codecFor,
  type FieldValue,
} from "../../engines/storage/records/index.js";
import { plainField, type FieldDefinition } from "../../spec/field-definition.js";
import type { FieldType } from "../../spec/field-types.js";
import type { ParameterDefinition } from "../../spec/parameter-definition.js";

/** A coerced value, or why the raw value does not fit. */
export type Coerced =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

const FIELDS = new WeakMap<ParameterDefinition, FieldDefinition>();

/** The field type that types a parameter: keys are text, flags are booleans. */
function fieldTypeOf(parameter: ParameterDefinition): FieldType {
  if (parameter.type === "key" || parameter.type === "secret") return "string";
  if (parameter.type === "flag") return "boolean";
  return parameter.type;
}

/**
 * A parameter seen as a field, so parameters and stored values are typed and checked
 * by the same codecs (types, choices, min, max, max_length) and read the same way.
 */
function asField(parameter: ParameterDefinition): FieldDefinition {
  let field = FIELDS.get(parameter);
  if (field === undefined) {
    const { choices, min, max, maxLength, help } = parameter;
    field = {
      ...plainField(parameter.name, fieldTypeOf(parameter), parameter.source),
      required: parameter.required,
      ...(choices === undefined ? {} : { choices }),
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(maxLength === undefined ? {} : { maxLength }),
      ...(help === undefined ? {} : { help }),
    };
    FIELDS.set(parameter, field);
  }
  return field;
}

/** The canonical value as handlers get it: JSON-safe, since parameters are recorded. */
function forHandler(type: FieldType, value: FieldValue): unknown {
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (type === "bigint" && typeof value === "string") {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : value;
  }
  return value;
}

/**
 * Turns one raw value (a CLI string, or a JSON value from the API) into the typed value
 * handlers receive. `fromText` says the value came from a command line: only there is
 * a json parameter written as JSON text; an API caller's JSON string stays a string.
 */
export function coerceValue(
  parameter: ParameterDefinition,
  raw: unknown,
  fromText: boolean,
): Coerced {
  const field = asField(parameter);
  try {
    const value =
      field.type === "json" && !fromText && typeof raw === "string"
        ? raw
        : codecFor(field.type).parse(raw, field);
    checkConstraints(field, value);
    return { ok: true, value: forHandler(field.type, value) };
  } catch (error) {
    if (error instanceof ValueError) return { ok: false, problem: error.problem };
    throw error;
  }
}
