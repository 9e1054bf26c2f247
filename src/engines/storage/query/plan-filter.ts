import type { BoundConditionNode, BoundFilterNode } from "./bound-filter-node.js";
import type { FilterPlanNode, PlanPredicateNode } from "./filter-plan-node.js";
import type { RelationHop } from "./relation-hop.js";

/**
 * Wraps a predicate in one EXISTS per hop. A final to-one hop onto the related `id`
 * collapses into the foreign-key column itself (`station__isnull` is `station_id IS NULL`).
 */
function chain(hops: readonly RelationHop[], predicate: PlanPredicateNode): FilterPlanNode {
  let remaining = hops;
  let inner: FilterPlanNode = predicate;
  const last = hops.at(-1);
  if (
    last?.kind === "to-one" &&
    predicate.field.name === "id" &&
    predicate.transform === undefined
  ) {
    inner = { ...predicate, column: last.column };
    remaining = hops.slice(0, -1);
  }
  for (const hop of [...remaining].reverse()) inner = { kind: "plan-exists", hop, inner };
  return inner;
}

function planCondition(node: BoundConditionNode): FilterPlanNode {
  const predicate: PlanPredicateNode = {
    kind: "plan-predicate",
    column: node.field.name,
    field: node.field,
    transform: node.transform,
    operator: node.operator,
    operand: node.operand,
  };
  const { operand } = node;
  if (node.hops.length > 0 && operand.kind === "null" && operand.isNull) {
    // Across relations, "is null" means no related row has a value (as a LEFT JOIN
    // would say), not "some related row lacks one".
    const hasValue: PlanPredicateNode = { ...predicate, operand: { kind: "null", isNull: false } };
    return { kind: "plan-not", item: chain(node.hops, hasValue) };
  }
  return chain(node.hops, predicate);
}

/**
 * The relations pass: turns bound paths into EXISTS steps (to-one, to-many and
 * many-to-many alike) around predicates on plain columns.
 */
export function planFilter(node: BoundFilterNode): FilterPlanNode {
  switch (node.kind) {
    case "bound-condition":
      return planCondition(node);
    case "bound-and":
      return { kind: "plan-and", items: node.items.map(planFilter) };
    case "bound-or":
      return { kind: "plan-or", items: node.items.map(planFilter) };
    case "bound-not":
      return { kind: "plan-not", item: planFilter(node.item) };
  }
}
