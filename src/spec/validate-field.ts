import { SpecUnknownName } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import type { FieldDefinition } from "./field-definition.js";
import { FIELD_TYPES, isFieldType, type FieldType } from "./field-types.js";
import { readValueOptions } from "./read-value-options.js";
import { childLocation, describeNode, type SpecMap, type SpecNode } from "./spec-node.js";
import { checkIdentifier, checkKeys, MapReader } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";

export const FIELD_OPTIONS = [
  "type",
  "required",
  "default",
  "unique",
  "index",
  "choices",
  "min",
  "max",
  "max_length",
  "precision",
  "scale",
  "encrypted",
  "searchable",
  "hidden",
  "view",
  "help",
] as const;

const DEFAULT_STRING_LENGTH = 255;
const DEFAULT_PRECISION = 18;
const DEFAULT_SCALE = 6;
const MAX_PRECISION = 65;

/**
 * Validates one field. `name: float` is short for `name: {type: float}`. Returns
 * undefined when the field is too broken to describe (problems say why).
 */
export function validateField(
  name: string,
  node: SpecNode,
  problems: SpecProblems,
): FieldDefinition | undefined {
  checkIdentifier(name, "field", node.location, problems);
  const map = asFieldMap(node, problems);
  if (map === undefined) return undefined;
  checkKeys(map, FIELD_OPTIONS, "field option", problems);
  const reader = new MapReader(map, problems);
  const type = readType(reader, problems);
  if (type === undefined) return undefined;

  const encrypted = readEncryption(reader);
  const values = readValueOptions(reader, type, "field", {
    defaultMaxLength: DEFAULT_STRING_LENGTH,
  });
  const decimal = readDecimal(reader, type);
  const help = reader.string("help");
  const view = reader.strings("view");
  return {
    name,
    type,
    required: reader.boolean("required") ?? false,
    ...(values.default === undefined ? {} : { default: values.default }),
    unique: reader.boolean("unique") ?? false,
    index: reader.boolean("index") ?? false,
    ...(values.choices === undefined ? {} : { choices: values.choices }),
    ...(values.min === undefined ? {} : { min: values.min }),
    ...(values.max === undefined ? {} : { max: values.max }),
    ...(values.maxLength === undefined ? {} : { maxLength: values.maxLength }),
    ...decimal,
    ...encrypted,
    hidden: reader.boolean("hidden") ?? false,
    ...(view === undefined ? {} : { view }),
    ...(help === undefined ? {} : { help }),
    system: false,
    source: map.location,
  };
}

/**
 * `encrypted: true` and `searchable: true`. An encrypted value is different ciphertext
 * every time it is written, so the database can neither index it nor check it is
 * unique; `searchable` adds a keyed hash that equality filters compare.
 */
function readEncryption(reader: MapReader): { encrypted: boolean; searchable?: true } {
  const encrypted = reader.boolean("encrypted") ?? false;
  const searchable = reader.boolean("searchable") ?? false;
  if (searchable && !encrypted) {
    reader.problems.invalid(
      "'searchable' only applies to encrypted fields",
      reader.location("searchable"),
      "Plain fields are searchable as they are; remove 'searchable', or add 'encrypted: true'.",
    );
  }
  if (encrypted) {
    for (const option of ["unique", "index"]) {
      if (reader.boolean(option) === true) {
        reader.problems.invalid(
          `'${option}' cannot apply to an encrypted field: its stored values are ciphertexts that differ every time`,
          reader.location(option),
          "Remove the option, or use 'searchable: true' to filter the field by equality.",
        );
      }
    }
  }
  return { encrypted, ...(encrypted && searchable ? { searchable: true as const } : {}) };
}

function asFieldMap(node: SpecNode, problems: SpecProblems): SpecMap | undefined {
  if (node.kind === "map") return node;
  if (node.kind === "scalar" && typeof node.value === "string") {
    const type: SpecNode = { ...node, location: childLocation(node.location, "type") };
    return { kind: "map", entries: new Map([["type", type]]), location: node.location };
  }
  problems.invalid(
    `a field must be a map of options or a type name, not ${describeNode(node)}`,
    node.location,
  );
  return undefined;
}

function readType(reader: MapReader, problems: SpecProblems): FieldType | undefined {
  const type = reader.string("type");
  if (type === undefined) {
    if (reader.node("type") === undefined) {
      problems.invalid(
        "a field needs a 'type'",
        reader.map.location,
        `Field types: ${FIELD_TYPES.join(" ")}.`,
      );
    }
    return undefined;
  }
  if (isFieldType(type)) return type;
  problems.add(
    SpecUnknownName,
    `unknown field type '${type}'`,
    reader.location("type"),
    didYouMean(type, FIELD_TYPES),
    `Field types: ${FIELD_TYPES.join(" ")}.`,
  );
  return undefined;
}

function readDecimal(reader: MapReader, type: FieldType): { precision?: number; scale?: number } {
  if (type !== "decimal") {
    for (const key of ["precision", "scale"]) {
      if (reader.node(key) !== undefined) {
        reader.problems.invalid(
          `'${key}' only applies to decimal fields, not ${type}`,
          reader.location(key),
        );
      }
    }
    return {};
  }
  const precision = reader.integer("precision", 1) ?? DEFAULT_PRECISION;
  const scale = reader.integer("scale", 0) ?? Math.min(DEFAULT_SCALE, precision);
  if (precision > MAX_PRECISION) {
    reader.problems.invalid(
      `'precision' ${precision} is more than ${MAX_PRECISION} digits`,
      reader.location("precision"),
    );
  }
  if (scale > precision) {
    reader.problems.invalid(
      `'scale' ${scale} is more than 'precision' ${precision}`,
      reader.location("scale"),
    );
  }
  return { precision, scale };
}
