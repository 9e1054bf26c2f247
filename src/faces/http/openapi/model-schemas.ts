import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { RelationDefinition } from "../../../spec/relation-definition.js";
import { fieldSchema, typeSchema } from "./field-schema.js";
import { nullable, ref, type JsonObject } from "./json-schema.js";

/** Component names: the row `station`, the create body `station.input`, the patch body. */
export const schemaNames = (model: string) => ({
  row: model,
  input: `${model}.input`,
  patch: `${model}.patch`,
});

/** The schema of a model's natural key, as relations to it are written and returned. */
export function keySchema(spec: ProjectSpec, modelName: string): JsonObject {
  const model = spec.models.get(modelName);
  const field = model?.fields.get(model.key) ?? model?.fields.get("id");
  return field === undefined ? { type: "string" } : typeSchema(field.type);
}

function relationSchema(
  spec: ProjectSpec,
  relation: RelationDefinition,
  nested: boolean,
): JsonObject {
  const key = {
    ...keySchema(spec, relation.model),
    description: `the related ${relation.model}'s natural key`,
  };
  if (relation.multiple) return { type: "array", items: key };
  const one = nested ? { anyOf: [key, ref("schemas", schemaNames(relation.model).row)] } : key;
  return relation.required ? one : nullable(one);
}

/**
 * A row as lists and gets return it. No property is required: `fields=` picks them. A
 * to-one relation is its related key, or the nested related row when `fields=` names
 * related paths (`station__name`).
 */
export function rowSchema(spec: ProjectSpec, model: ModelDefinition): JsonObject {
  const properties: Record<string, JsonObject> = {};
  for (const field of model.fields.values()) {
    if (!field.hidden) properties[field.name] = fieldSchema(field);
  }
  for (const relation of model.relations.values()) {
    properties[relation.name] = relationSchema(spec, relation, true);
  }
  return {
    type: "object",
    ...(model.help === undefined ? {} : { description: model.help }),
    properties,
  };
}

/**
 * A body for POST (`partial: false`: required fields without defaults are required)
 * or PATCH (nothing required). System fields are the platform's, never written.
 */
export function inputSchema(
  spec: ProjectSpec,
  model: ModelDefinition,
  partial: boolean,
): JsonObject {
  const properties: Record<string, JsonObject> = {};
  const required: string[] = [];
  for (const field of model.fields.values()) {
    if (field.system) continue;
    properties[field.name] = fieldSchema(field);
    if (field.required && field.default === undefined) required.push(field.name);
  }
  for (const relation of model.relations.values()) {
    properties[relation.name] = relationSchema(spec, relation, false);
    if (relation.required && !relation.multiple) required.push(relation.name);
  }
  return {
    type: "object",
    properties,
    ...(partial || required.length === 0 ? {} : { required }),
  };
}

/** Every served model's row, input and patch schemas, by component name. */
export function modelSchemas(
  spec: ProjectSpec,
  models: readonly ModelDefinition[],
): Record<string, JsonObject> {
  const schemas: Record<string, JsonObject> = {};
  for (const model of models) {
    const names = schemaNames(model.name);
    schemas[names.row] = rowSchema(spec, model);
    schemas[names.input] = inputSchema(spec, model, false);
    schemas[names.patch] = inputSchema(spec, model, true);
  }
  return schemas;
}
