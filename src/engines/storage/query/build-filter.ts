import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { bindFilter } from "./bind-filter.js";
import type { FilterPlanNode } from "./filter-plan-node.js";
import { combineFilters, type FilterInput } from "./parse-filter.js";
import { parseFilterExpression } from "./parse-filter-expression.js";
import { planFilter } from "./plan-filter.js";

/** Filters as list, count and clear take them: ANDed inputs and a `filter=` expression. */
export interface FilterOptions {
  readonly filters?: readonly FilterInput[] | undefined;
  readonly filter?: string | undefined;
}

/** Parse, bind and plan in one step; undefined when there is nothing to filter. */
export function buildFilter(
  spec: ProjectSpec,
  model: ModelDefinition,
  options: FilterOptions,
): FilterPlanNode | undefined {
  const expression =
    options.filter === undefined || options.filter.trim() === ""
      ? undefined
      : parseFilterExpression(options.filter);
  const node = combineFilters(options.filters ?? [], expression);
  return node === undefined ? undefined : planFilter(bindFilter(spec, model, node));
}
