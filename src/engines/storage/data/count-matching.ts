import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { CountMode } from "../records/data-queries.js";
import { countRecords } from "../records/read-records.js";
import { tableName } from "../naming.js";
import { buildFilter, type FilterOptions } from "../query/build-filter.js";
import { compileFilter } from "../query/compile-filter.js";
import type { DataContext } from "./data-context.js";

/**
 * How many rows match, by count mode: `exact` counts over the same filter (EXISTS for
 * relations, so never multiplied); `estimate` asks the planner and counts exactly
 * where it has no estimate (SQLite); `none` skips the work.
 */
export async function countMatching(
  context: DataContext,
  model: ModelDefinition,
  options: FilterOptions,
  mode: CountMode,
): Promise<number | null> {
  switch (mode) {
    case "none":
      return null;
    case "exact":
      return countRecords(context, model, options);
    case "estimate": {
      const table = tableName(model.name);
      const plan = buildFilter(context.spec, model, options, context.cipher);
      let query = context.db.selectFrom(table).select(`${table}.id`);
      if (plan !== undefined) query = query.where(compileFilter(plan, context.adapter, table));
      const estimate = await context.dialect.estimateRows(context.db, query);
      return estimate ?? countRecords(context, model, options);
    }
  }
}
