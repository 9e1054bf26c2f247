/**
 * The query compiler shared by the record store and the data API:
 * text -> frozen nodes -> bound nodes -> EXISTS plan -> Kysely expressions.
 */
export { AndNode, ConditionNode, NotNode, OrNode, type FilterNode } from "./filter-node.js";
export {
  combineFilters,
  parseFilterArgument,
  parseFilterInput,
  parseFilterPath,
  type FilterInput,
} from "./parse-filter.js";
export { parseFilterExpression } from "./parse-filter-expression.js";
export { formatFilterExpression } from "./format-filter-expression.js";
export { OPERATORS, isOperator, operatorsFor, type Operator } from "./operators.js";
export { TRANSFORMS, isTransform, transformsFor, type Transform } from "./transforms.js";
export type { RelationHop } from "./relation-hop.js";
export { findModel, pathNames, resolvePath, type ResolvedPath } from "./resolve-path.js";
export {
  BoundAndNode,
  BoundConditionNode,
  BoundNotNode,
  BoundOrNode,
  type BoundFilterNode,
  type Operand,
} from "./bound-filter-node.js";
export { bindFilter } from "./bind-filter.js";
export type { FilterPlanNode } from "./filter-plan-node.js";
export { planFilter } from "./plan-filter.js";
export { buildFilter, type FilterOptions } from "./build-filter.js";
export { compileFilter } from "./compile-filter.js";
export { LIKE_ESCAPE, likePattern, type DialectAdapter } from "./dialect-adapter.js";
export { adapterFor } from "./adapter-for.js";
export {
  compileFields,
  defaultFieldPaths,
  keyField,
  type ColumnSelection,
  type FieldsPlan,
  type ManyToManySelection,
} from "./compile-fields.js";
export { compileOrder, type OrderTerm } from "./compile-order.js";
export { JoinPlan } from "./join-plan.js";
export {
  compileListQuery,
  ROW_ID,
  type CompiledList,
  type ListQueryOptions,
} from "./compile-list-query.js";
export { decodeRows, type OutputRow } from "./read-rows.js";
