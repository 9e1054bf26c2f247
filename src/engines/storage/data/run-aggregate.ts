import type { JsonValue } from "../../../spec/field-types.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import { QuerySyntax, QueryUnknownField } from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";
import type { DialectName } from "../database.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { AggregateOptions } from "../records/data-queries.js";
import type { RecordRow } from "../records/record-store.js";
import { tableName } from "../naming.js";
import { buildFilter } from "../query/build-filter.js";
import { compileFilter } from "../query/compile-filter.js";
import { JoinPlan } from "../query/join-plan.js";
import { compileHaving } from "./aggregate-having.js";
import {
  bindAggregates,
  bindGroups,
  type AggregateTerm,
  type Builder,
  type GroupTerm,
  type OutputTerm,
} from "./aggregate-terms.js";
import { readWithin, type DataContext } from "./data-context.js";
import { checkFilterDepth } from "./filter-depth.js";
import { wholeNumber } from "./paging-options.js";

/** Sums and extremes keep their field's form; averages of decimals keep 4 more digits. */
function aggregateValue(term: AggregateTerm, raw: unknown, dialect: DialectName): JsonValue {
  if (raw === null || raw === undefined) return null;
  const { field } = term;
  if (field === undefined || term.fn === "count" || term.fn === "count_distinct") {
    return Number(raw);
  }
  if (term.fn === "avg") {
    return field.type === "decimal" ? Number(raw).toFixed((field.scale ?? 2) + 4) : Number(raw);
  }
  if (term.fn === "sum" && (field.type === "integer" || field.type === "float")) {
    return Number(raw);
  }
  return codecFor(field.type).fromDb(raw, dialect, field);
}

function groupValue(term: GroupTerm, raw: unknown, dialect: DialectName): JsonValue {
  if (raw === null || raw === undefined) return null;
  if (term.transform !== undefined) return Number(raw);
  return codecFor(term.target.field.type).fromDb(raw, dialect, term.target.field);
}

function outputNamed(item: string, outputs: ReadonlyMap<string, OutputTerm>) {
  const match = /^(-?)([A-Za-z0-9_]+)$/.exec(item.trim());
  if (match === null) {
    throw QuerySyntax.create(`bad aggregate ordering '${item}'`, {
      hint: "Order by output names, - for descending: -count,station.",
      details: { order: item, position: 0 },
    });
  }
  const [, minus, name = ""] = match;
  const term = outputs.get(name);
  if (term === undefined) {
    const names = [...outputs.keys()];
    throw QueryUnknownField.create(`cannot order by '${name}'${didYouMean(name, names)}`, {
      hint: `Order by an output: ${names.join(", ")}.`,
      details: { field: name, suggestions: closestNames(name, names) },
    });
  }
  return { term, descending: minus === "-" };
}

/**
 * Groups the matching rows by to-one paths (or their date parts) and computes the
 * aggregates. Filters stay EXISTS and groups follow to-one joins only, so no row is
 * ever counted twice. Outputs are selected under short aliases and renamed here, so
 * any output name works on every backend.
 */
export async function runAggregate(
  context: DataContext,
  model: ModelDefinition,
  options: AggregateOptions,
): Promise<RecordRow[]> {
  checkFilterDepth(options.filter, context.limits.maxFilterDepth);
  checkFilterDepth(options.having, context.limits.maxFilterDepth);
  const limit = wholeNumber(options.limit, "limit");
  const offset = wholeNumber(options.offset, "offset");
  const table = tableName(model.name);
  const joins = new JoinPlan(table);
  const { spec, adapter } = context;
  const groups = bindGroups(spec, model, options.group ?? [], joins, adapter);
  const aggregates = bindAggregates(spec, model, options.aggregates, joins);
  if (aggregates.length === 0) {
    throw QuerySyntax.create("aggregate needs at least one aggregate", {
      hint: "Give agg=count:* or another function:field.",
      details: { position: 0 },
    });
  }
  const outputs = new Map<string, OutputTerm>();
  for (const term of [...groups, ...aggregates]) {
    if (outputs.has(term.name)) {
      throw QuerySyntax.create(`aggregate output '${term.name}' is asked for twice`, {
        hint: "Give each group path and aggregate once.",
        details: { field: term.name, position: 0 },
      });
    }
    outputs.set(term.name, term);
  }
  const plan = buildFilter(spec, model, options, context.cipher);
  const having =
    options.having === undefined || options.having.trim() === ""
      ? undefined
      : compileHaving(options.having, aggregates, adapter.dialect);
  const order = (options.order ?? groups.map((g) => g.name)).map((i) => outputNamed(i, outputs));
  return readWithin(context, async (reader) => {
    let query = joins
      .apply(reader.db.selectFrom(table))
      .select((eb) => [
        ...groups.map((g, i) =>
          g.transform === undefined
            ? adapter
                .selectColumn(eb.ref(`${g.target.table}.${g.target.column}`), g.target.field)
                .as(`g${String(i)}`)
            : g.expression(eb).as(`g${String(i)}`),
        ),
        ...aggregates.map((a, i) => a.expression(eb).as(`a${String(i)}`)),
      ]);
    if (plan !== undefined) query = query.where(compileFilter(plan, adapter, table));
    if (groups.length > 0)
      query = query.groupBy((eb: Builder) => groups.map((g) => g.expression(eb)));
    if (having !== undefined) query = query.having(having);
    for (const { term, descending } of order) {
      // Nulls sort as the largest value everywhere, as in lists.
      const direction = descending ? "desc" : "asc";
      query = query
        .orderBy((eb: Builder) => eb(term.expression(eb), "is", null), direction)
        .orderBy((eb: Builder) => term.expression(eb), direction);
    }
    if (limit !== undefined) query = query.limit(limit);
    if (offset !== undefined && offset > 0) {
      if (limit === undefined) query = query.limit(Number.MAX_SAFE_INTEGER);
      query = query.offset(offset);
    }
    const rows = (await query.execute()) as Record<string, unknown>[];
    return rows.map((row) => {
      const result: Record<string, JsonValue> = {};
      groups.forEach((g, i) => {
        result[g.name] = groupValue(g, row[`g${String(i)}`], adapter.dialect);
      });
      aggregates.forEach((a, i) => {
        result[a.name] = aggregateValue(a, row[`a${String(i)}`], adapter.dialect);
      });
      return result;
    });
  });
}
