import { SpecUnknownName } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import type { OnDelete, RelationDefinition } from "./relation-definition.js";
import { childLocation, describeNode, type SpecMap, type SpecNode } from "./spec-node.js";
import { checkIdentifier, checkKeys, MapReader } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";

export const RELATION_OPTIONS = [
  "model",
  "required",
  "multiple",
  "on_delete",
  "reverse",
  "help",
] as const;
const ON_DELETE: readonly OnDelete[] = ["cascade", "restrict", "set_null"];

/**
 * Validates one relation of `owner`. `station: station` is short for
 * `station: {model: station}`. on_delete defaults to what keeps the rows valid:
 * set_null for optional to-one, restrict for required to-one, cascade for join rows.
 */
export function validateRelation(
  owner: string,
  name: string,
  node: SpecNode,
  modelNames: ReadonlySet<string>,
  problems: SpecProblems,
): RelationDefinition | undefined {
  checkIdentifier(name, "relation", node.location, problems);
  const map = asRelationMap(node, problems);
  if (map === undefined) return undefined;
  checkKeys(map, RELATION_OPTIONS, "relation option", problems);
  const reader = new MapReader(map, problems);
  const model = reader.string("model");
  if (model === undefined) {
    if (reader.node("model") === undefined) {
      problems.invalid("a relation needs a 'model'", map.location);
    }
    return undefined;
  }
  if (!modelNames.has(model)) {
    problems.add(
      SpecUnknownName,
      `unknown model '${model}'`,
      reader.location("model"),
      didYouMean(model, modelNames),
    );
    return undefined;
  }
  const multiple = reader.boolean("multiple") ?? false;
  const required = reader.boolean("required") ?? false;
  if (multiple && required) {
    problems.invalid(
      "a 'multiple' relation cannot be 'required'",
      reader.location("required"),
      "Many-to-many relations may always be empty; check the count in a handler if needed.",
    );
  }
  const onDelete = readOnDelete(reader, multiple, required);
  const reverse = reader.string("reverse") ?? owner;
  if (reader.node("reverse") !== undefined) {
    checkIdentifier(reverse, "reverse relation", reader.location("reverse"), problems);
  }
  const help = reader.string("help");
  return {
    name,
    model,
    multiple,
    required,
    onDelete,
    reverse,
    ...(help === undefined ? {} : { help }),
    source: map.location,
  };
}

function asRelationMap(node: SpecNode, problems: SpecProblems): SpecMap | undefined {
  if (node.kind === "map") return node;
  if (node.kind === "scalar" && typeof node.value === "string") {
    const model: SpecNode = { ...node, location: childLocation(node.location, "model") };
    return { kind: "map", entries: new Map([["model", model]]), location: node.location };
  }
  problems.invalid(
    `a relation must be a map of options or a model name, not ${describeNode(node)}`,
    node.location,
  );
  return undefined;
}

function readOnDelete(reader: MapReader, multiple: boolean, required: boolean): OnDelete {
  const fallback: OnDelete = multiple ? "cascade" : required ? "restrict" : "set_null";
  const value = reader.string("on_delete");
  if (value === undefined) return fallback;
  const known = ON_DELETE.find((o) => o === value);
  if (known === undefined) {
    reader.problems.invalid(
      `unknown on_delete '${value}'`,
      reader.location("on_delete"),
      `Use one of: ${ON_DELETE.join(", ")}.`,
    );
    return fallback;
  }
  if (known === "set_null" && (required || multiple)) {
    reader.problems.invalid(
      `on_delete 'set_null' cannot apply to a ${multiple ? "multiple" : "required"} relation`,
      reader.location("on_delete"),
      multiple
        ? "Join rows are removed ('cascade') or block the delete ('restrict')."
        : "Use 'cascade' or 'restrict', or make the relation optional.",
    );
    return fallback;
  }
  return known;
}
