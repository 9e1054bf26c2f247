import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { QueryUnknownField } from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";
import { findHop, type RelationHop } from "./relation-hop.js";

/** A path resolved against the spec: the hops it crosses and where it ends. */
export interface ResolvedPath {
  readonly hops: readonly RelationHop[];
  /** The model the path ends on. */
  readonly model: ModelDefinition;
  /** The field it names; undefined when the path ends on a relation. */
  readonly field: FieldDefinition | undefined;
  /** Segments left after the field or relation: transforms and operators for filters. */
  readonly rest: readonly string[];
}

/** Names a path may use on a model: visible fields, relations, reverse relations. */
export function pathNames(model: ModelDefinition): string[] {
  const fields = [...model.fields.values()].filter((f) => !f.hidden).map((f) => f.name);
  return [...fields, ...model.relations.keys(), ...model.reverseRelations.keys()];
}

export function findModel(spec: ProjectSpec, name: string): ModelDefinition {
  const model = spec.models.get(name);
  if (model === undefined) {
    throw QueryUnknownField.create(
      `unknown model '${name}'${didYouMean(name, spec.models.keys())}`,
      {
        hint: "Models are listed by `cairn --help`.",
        details: { model: name, suggestions: closestNames(name, spec.models.keys()) },
      },
    );
  }
  return model;
}

/**
 * Walks `segments` from `model`. A segment that is neither a field nor a relation ends
 * the path when `stopAt` accepts it (an operator or transform after a relation);
 * otherwise it is an unknown name, answered with the closest valid ones. Hidden
 * fields count as unknown, so no query can read or probe them.
 */
export function resolvePath(
  spec: ProjectSpec,
  model: ModelDefinition,
  segments: readonly string[],
  context: string,
  stopAt: (segment: string) => boolean = () => false,
): ResolvedPath {
  const hops: RelationHop[] = [];
  let current = model;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] ?? "";
    const field = current.fields.get(segment);
    if (field !== undefined && !field.hidden) {
      return { hops, model: current, field, rest: segments.slice(i + 1) };
    }
    const hop = findHop(spec.models, current, segment);
    if (hop !== undefined) {
      hops.push(hop);
      current = hop.to;
      continue;
    }
    if (hops.length > 0 && stopAt(segment)) {
      return { hops, model: current, field: undefined, rest: segments.slice(i) };
    }
    const names = pathNames(current);
    throw QueryUnknownField.create(
      `unknown field '${segment}' on ${current.name} in ${context}${didYouMean(segment, names)}`,
      {
        hint: `Fields and relations of ${current.name}: ${names.join(", ")}.`,
        details: { model: current.name, field: segment, suggestions: closestNames(segment, names) },
      },
    );
  }
  return { hops, model: current, field: undefined, rest: [] };
}
