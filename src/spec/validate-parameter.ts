import { SpecUnknownName } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import { isParameterType, PARAMETER_TYPES, type ParameterType } from "./field-types.js";
import type { ParameterDefinition } from "./parameter-definition.js";
import { readValueOptions } from "./read-value-options.js";
import { childLocation, describeNode, type SpecMap, type SpecNode } from "./spec-node.js";
import { checkIdentifier, checkKeys, MapReader } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";

export const PARAMETER_OPTIONS = [
  "type",
  "model",
  "required",
  "default",
  "choices",
  "min",
  "max",
  "max_length",
  "multiple",
  "help",
] as const;

/** Validates one command parameter; `days: integer` is short for `days: {type: integer}`. */
export function validateParameter(
  name: string,
  node: SpecNode,
  modelNames: ReadonlySet<string>,
  problems: SpecProblems,
): ParameterDefinition | undefined {
  checkIdentifier(name, "parameter", node.location, problems);
  const map = asParameterMap(node, problems);
  if (map === undefined) return undefined;
  checkKeys(map, PARAMETER_OPTIONS, "parameter option", problems);
  const reader = new MapReader(map, problems);
  const type = readType(reader);
  if (type === undefined) return undefined;
  const model = readModel(reader, type, modelNames);
  const multiple = reader.boolean("multiple") ?? false;
  const required = reader.boolean("required") ?? false;
  if (type === "flag" && (multiple || required)) {
    problems.invalid(
      `a flag cannot be ${multiple ? "'multiple'" : "'required'"}`,
      reader.location(multiple ? "multiple" : "required"),
    );
  }
  if (type === "secret") {
    // A secret's value is encrypted wherever Cairn stores it; the spec is plain text.
    for (const option of ["default", "choices", "multiple"]) {
      if (reader.node(option) !== undefined) {
        problems.invalid(
          `a secret parameter takes no '${option}'`,
          reader.location(option),
          "Secrets are given at each run (or stored encrypted in a schedule), never written in the spec.",
        );
      }
    }
  }
  const values = readValueOptions(reader, type, "parameter", { multiple });
  const help = reader.string("help");
  return {
    name,
    type,
    ...(model === undefined ? {} : { model }),
    required,
    ...values,
    multiple,
    ...(help === undefined ? {} : { help }),
    ...(type === "secret" ? { sensitive: true as const } : {}),
    source: map.location,
  };
}

function asParameterMap(node: SpecNode, problems: SpecProblems): SpecMap | undefined {
  if (node.kind === "map") return node;
  if (node.kind === "scalar" && typeof node.value === "string") {
    const type: SpecNode = { ...node, location: childLocation(node.location, "type") };
    return { kind: "map", entries: new Map([["type", type]]), location: node.location };
  }
  problems.invalid(
    `a parameter must be a map of options or a type name, not ${describeNode(node)}`,
    node.location,
  );
  return undefined;
}

function readType(reader: MapReader): ParameterType | undefined {
  const type = reader.string("type");
  if (type === undefined) {
    if (reader.node("type") === undefined) {
      reader.problems.invalid(
        "a parameter needs a 'type'",
        reader.map.location,
        `Parameter types: ${PARAMETER_TYPES.join(" ")}.`,
      );
    }
    return undefined;
  }
  if (isParameterType(type)) return type;
  reader.problems.add(
    SpecUnknownName,
    `unknown parameter type '${type}'`,
    reader.location("type"),
    didYouMean(type, PARAMETER_TYPES),
    `Parameter types: ${PARAMETER_TYPES.join(" ")}.`,
  );
  return undefined;
}

function readModel(
  reader: MapReader,
  type: ParameterType,
  modelNames: ReadonlySet<string>,
): string | undefined {
  const model = reader.string("model");
  if (type !== "key") {
    if (model !== undefined) {
      reader.problems.invalid(
        `'model' only applies to key parameters, not ${type}`,
        reader.location("model"),
      );
    }
    return undefined;
  }
  if (model === undefined) {
    reader.problems.invalid("a key parameter needs a 'model'", reader.map.location);
    return undefined;
  }
  if (modelNames.has(model)) return model;
  reader.problems.add(
    SpecUnknownName,
    `unknown model '${model}'`,
    reader.location("model"),
    didYouMean(model, modelNames),
  );
  return undefined;
}
