import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { Operand } from "./bound-filter-node.js";
import type { Operator } from "./operators.js";
import type { RelationHop } from "./relation-hop.js";
import type { Transform } from "./transforms.js";

/**
 * What the emitter sees: no paths any more, only predicates on a column of the
 * current table and EXISTS steps into related tables. Every relation crossing is an
 * `exists`, so no filter can multiply rows.
 */
export type FilterPlanNode =
  | { readonly kind: "plan-and"; readonly items: readonly FilterPlanNode[] }
  | { readonly kind: "plan-or"; readonly items: readonly FilterPlanNode[] }
  | { readonly kind: "plan-not"; readonly item: FilterPlanNode }
  | { readonly kind: "plan-exists"; readonly hop: RelationHop; readonly inner: FilterPlanNode }
  | {
      readonly kind: "plan-predicate";
      /** Column of the table in scope. */
      readonly column: string;
      readonly field: FieldDefinition;
      readonly transform: Transform | undefined;
      readonly operator: Operator;
      readonly operand: Operand;
    };

export type PlanPredicateNode = Extract<FilterPlanNode, { kind: "plan-predicate" }>;
