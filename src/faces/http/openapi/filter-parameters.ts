import {
  operatorsFor,
  transformsFor,
  type Operator,
} from "../../../engines/storage/query/index.js";
import type { FieldType } from "../../../spec/field-types.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { typeSchema } from "./field-schema.js";
import type { JsonObject } from "./json-schema.js";

/** The query-string schema of an operator's value, given the type it tests. */
function operandSchema(type: FieldType, operator: Operator): JsonObject {
  switch (operator) {
    case "isnull":
      return { type: "boolean" };
    case "in":
    case "notin":
      return { type: "string", description: "comma-separated values" };
    case "range":
      return { type: "string", description: "low,high (inclusive)" };
    case "contains":
    case "icontains":
    case "startswith":
    case "istartswith":
    case "endswith":
    case "iendswith":
    case "regex":
      return { type: "string" };
    case "eq":
    case "ne":
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return typeSchema(type);
  }
}

function parameter(name: string, schema: JsonObject, description: string): JsonObject {
  return { name, in: "query", required: false, description, schema };
}

/**
 * `path` itself (equality), `path__op` for each operator valid for its type, and for
 * dates and times `path__year`, `path__year__op`... (transforms give integers).
 */
function pathParameters(path: string, type: FieldType, withTransforms: boolean): JsonObject[] {
  const operators = operatorsFor(type);
  const out: JsonObject[] = [];
  if (operators.includes("eq")) out.push(parameter(path, typeSchema(type), `${path} equals`));
  for (const operator of operators) {
    out.push(
      parameter(`${path}__${operator}`, operandSchema(type, operator), `${path} ${operator}`),
    );
  }
  if (!withTransforms) return out;
  for (const transform of transformsFor(type)) {
    out.push(...pathParameters(`${path}__${transform}`, "integer", false));
  }
  return out;
}

function fieldParameters(
  model: ModelDefinition,
  prefix: string,
  withTransforms: boolean,
): JsonObject[] {
  return [...model.fields.values()]
    .filter((field) => !field.hidden)
    .flatMap((field) => {
      const path = `${prefix}${field.name}`;
      if (!field.encrypted) return pathParameters(path, field.type, withTransforms);
      // Only equality on a searchable field, through its keyed hash.
      return field.searchable === true
        ? [parameter(path, typeSchema(field.type), `${path} equals (encrypted, searchable)`)]
        : [];
    });
}

function keyType(model: ModelDefinition): FieldType {
  return (model.fields.get(model.key) ?? model.fields.get("id"))?.type ?? "string";
}

/**
 * Typed filter parameters of a model's list: its own fields with transforms, then
 * each relation (to-one, many-to-many and reverse) one level deep. Deeper paths work
 * too; the document stops at one level to stay readable.
 */
export function filterParameters(spec: ProjectSpec, model: ModelDefinition): JsonObject[] {
  const out = fieldParameters(model, "", true);
  for (const relation of model.relations.values()) {
    const related = spec.models.get(relation.model);
    if (related === undefined) continue;
    out.push(...pathParameters(relation.name, keyType(related), false));
    out.push(...fieldParameters(related, `${relation.name}__`, false));
  }
  for (const reverse of model.reverseRelations.values()) {
    const related = spec.models.get(reverse.model);
    if (related === undefined) continue;
    out.push(...fieldParameters(related, `${reverse.name}__`, false));
  }
  const seen = new Set<string>();
  return out.filter((p) => {
    const name = String(p.name);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}
