import type { ParameterDefinition } from "../../../spec/parameter-definition.js";
import type { JsonObject } from "../openapi/json-schema.js";
import { typeSchema } from "../openapi/field-schema.js";

/** The schema of one value of a parameter, with its spec constraints. */
function valueSchema(parameter: ParameterDefinition): Record<string, unknown> {
  const schema: Record<string, unknown> =
    parameter.type === "flag"
      ? { type: "boolean" }
      : parameter.type === "key"
        ? { type: "string" }
        : parameter.type === "secret"
          ? { type: "string", format: "password", writeOnly: true }
          : { ...typeSchema(parameter.type) };
  if (parameter.choices !== undefined) schema.enum = [...parameter.choices];
  if (parameter.maxLength !== undefined) schema.maxLength = parameter.maxLength;
  const numeric = schema.type === "integer" || schema.type === "number";
  if (numeric && parameter.min !== undefined) schema.minimum = parameter.min;
  if (numeric && parameter.max !== undefined) schema.maximum = parameter.max;
  return schema;
}

/**
 * A parameter as JSON Schema, plus what a client needs to rebuild its definition
 * (`x-cairn-type`, `x-cairn-model`, `x-cairn-multiple`): the remote CLI builds its
 * command tree and help from these.
 */
export function parameterSchema(parameter: ParameterDefinition): JsonObject {
  const value = valueSchema(parameter);
  const schema: Record<string, unknown> = parameter.multiple
    ? { type: "array", items: value }
    : value;
  if (parameter.help !== undefined) schema.description = parameter.help;
  if (parameter.default !== undefined) schema.default = parameter.default;
  schema["x-cairn-type"] = parameter.type;
  if (parameter.model !== undefined) schema["x-cairn-model"] = parameter.model;
  schema["x-cairn-multiple"] = parameter.multiple;
  return schema;
}

/** A command's parameters as one object schema: the body of `POST /command/<path>`. */
export function parametersSchema(parameters: Iterable<ParameterDefinition>): JsonObject {
  const properties: Record<string, JsonObject> = {};
  const required: string[] = [];
  for (const parameter of parameters) {
    properties[parameter.name] = parameterSchema(parameter);
    if (parameter.required && parameter.default === undefined) required.push(parameter.name);
  }
  return { type: "object", properties, required };
}
