import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { NO_CIPHER, type FieldCipher } from "../records/field-cipher.js";
import { bindFilter } from "./bind-filter.js";
import { AndNode, type FilterNode } from "./filter-node.js";
import type { FilterPlanNode } from "./filter-plan-node.js";
import { combineFilters, type FilterInput } from "./parse-filter.js";
import { parseFilterExpression } from "./parse-filter-expression.js";
import { planFilter } from "./plan-filter.js";

/** Filters as list, count and clear take them: ANDed inputs and a `filter=` expression. */
export interface FilterOptions {
  readonly filters?: readonly FilterInput[] | undefined;
  readonly filter?: string | undefined;
  /**
   * The rows the reader may see at all (row-level access rules), ANDed with the rest;
   * no filter of the caller's can widen it.
   */
  readonly scope?: FilterNode | undefined;
}

/** Parse, bind and plan in one step; undefined when there is nothing to filter. */
export function buildFilter(
  spec: ProjectSpec,
  model: ModelDefinition,
  options: FilterOptions,
  cipher: FieldCipher = NO_CIPHER,
): FilterPlanNode | undefined {
  const expression =
    options.filter === undefined || options.filter.trim() === ""
      ? undefined
      : parseFilterExpression(options.filter);
  const given = combineFilters(options.filters ?? [], expression);
  const node =
    options.scope === undefined
      ? given
      : given === undefined
        ? options.scope
        : AndNode.create([options.scope, given]);
  return node === undefined ? undefined : planFilter(bindFilter(spec, model, node, cipher));
}
