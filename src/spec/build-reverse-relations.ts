import { SpecDuplicate } from "../foundations/error-codes.js";
import type { ModelDefinition } from "./model-definition.js";
import type { ReverseRelationDefinition } from "./relation-definition.js";
import type { SpecProblems } from "./spec-problems.js";

/**
 * Gives each related model the reverse side of every relation pointing at it, named by
 * the relation's `reverse` (default: the declaring model's name). A reverse name may not
 * clash with the target's fields, relations or other reverse relations.
 */
export function buildReverseRelations(
  models: ReadonlyMap<string, ModelDefinition>,
  problems: SpecProblems,
): Map<string, ModelDefinition> {
  const reverse = new Map<string, Map<string, ReverseRelationDefinition>>();
  for (const name of models.keys()) reverse.set(name, new Map());
  for (const model of models.values()) {
    for (const relation of model.relations.values()) {
      const target = models.get(relation.model);
      const targetReverse = reverse.get(relation.model);
      if (target === undefined || targetReverse === undefined) continue;
      const name = relation.reverse;
      const clash = target.fields.has(name)
        ? `field '${name}'`
        : target.relations.has(name)
          ? `relation '${name}'`
          : targetReverse.has(name)
            ? `the reverse of ${describe(targetReverse.get(name))}`
            : undefined;
      if (clash !== undefined) {
        problems.add(
          SpecDuplicate,
          `reverse relation '${name}' of ${model.name}.${relation.name} clashes with ${clash} of model '${target.name}'`,
          relation.source,
          "",
          `Give relation '${relation.name}' another name with 'reverse: ...'.`,
        );
        continue;
      }
      targetReverse.set(name, { name, model: model.name, relation: relation.name });
    }
  }
  const result = new Map<string, ModelDefinition>();
  for (const [name, model] of models) {
    result.set(name, { ...model, reverseRelations: reverse.get(name) ?? new Map() });
  }
  return result;
}

function describe(reverse: ReverseRelationDefinition | undefined): string {
  return reverse === undefined ? "another relation" : `${reverse.model}.${reverse.relation}`;
}
