import type { ModelDefinition } from "../../../spec/model-definition.js";
import { QuerySyntax, QueryUnknownOperator } from "../../../foundations/error-codes.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { ValueCount, ValuesOptions } from "../records/data-queries.js";
import { tableName } from "../naming.js";
import { buildFilter } from "../query/build-filter.js";
import { compileFilter } from "../query/compile-filter.js";
import { JoinPlan } from "../query/join-plan.js";
import { readWithin, type DataContext } from "./data-context.js";
import { checkFilterDepth } from "./filter-depth.js";
import { wholeNumber } from "./paging-options.js";
import { toOnePath } from "./to-one-path.js";

const ORDER = /^(-?)(value|count)$/;

function badOrder(item: string): never {
  throw QuerySyntax.create(`bad values ordering '${item}'`, {
    hint: "Order values by value, -value, count or -count.",
    details: { order: item, position: 0 },
  });
}

/**
 * Distinct values of one field (of the model or through to-one relations) among the
 * matching rows, each with how many rows hold it; rows without a value count as null.
 * Default order: most frequent first, then by value (nulls last on every backend).
 */
export async function distinctValues(
  context: DataContext,
  model: ModelDefinition,
  path: string,
  options: ValuesOptions,
): Promise<ValueCount[]> {
  checkFilterDepth(options.filter, context.limits.maxFilterDepth);
  const limit = wholeNumber(options.limit, "limit");
  const table = tableName(model.name);
  const joins = new JoinPlan(table);
  const target = toOnePath(context.spec, model, path, joins, "values of");
  if (target.rest.length > 0) {
    throw QueryUnknownOperator.create(
      `values of '${path}': '${target.rest.join("__")}' is not a field`,
      {
        hint: "Name a field or a to-one relation; group with date parts through aggregate instead.",
        details: { field: path },
      },
    );
  }
  const ref = `${target.table}.${target.column}`;
  const plan = buildFilter(context.spec, model, options, context.cipher);
  const { field } = target;
  return readWithin(context, async (reader) => {
    let query = joins
      .apply(reader.db.selectFrom(table))
      .select((eb) => [
        reader.adapter.selectColumn(eb.ref(ref), field).as("value"),
        eb.fn.countAll().as("count"),
      ])
      .groupBy(ref);
    if (plan !== undefined) query = query.where(compileFilter(plan, reader.adapter, table));
    for (const item of options.order ?? ["-count", "value"]) {
      const [, minus, key] = ORDER.exec(item.trim()) ?? badOrder(item);
      const direction = minus === "-" ? "desc" : "asc";
      if (key === "count") {
        query = query.orderBy((eb) => eb.fn.countAll(), direction);
      } else {
        query = query.orderBy((eb) => eb(ref, "is", null), "asc").orderBy(ref, direction);
      }
    }
    if (limit !== undefined) query = query.limit(limit);
    const rows = (await query.execute()) as { value: unknown; count: unknown }[];
    const codec = codecFor(field.type);
    return rows.map((row) => ({
      value:
        row.value === null || row.value === undefined
          ? null
          : codec.fromDb(row.value, reader.adapter.dialect, field),
      count: Number(row.count),
    }));
  });
}
