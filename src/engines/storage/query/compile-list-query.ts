import type { Kysely, SelectQueryBuilder } from "kysely";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { DynamicDatabase } from "../database.js";
import { tableName } from "../naming.js";
import { NO_CIPHER, type FieldCipher } from "../records/field-cipher.js";
import { buildFilter, type FilterOptions } from "./build-filter.js";
import { compileFields, type FieldsPlan } from "./compile-fields.js";
import { compileFilter } from "./compile-filter.js";
import { compileOrder, type OrderTerm } from "./compile-order.js";
import type { DialectAdapter } from "./dialect-adapter.js";
import { JoinPlan } from "./join-plan.js";

export interface ListQueryOptions extends FilterOptions {
  readonly order?: readonly string[] | undefined;
  readonly fields?: readonly string[] | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** The main row id, always selected so many-to-many lists can be fetched per page. */
export const ROW_ID = "_rid";

export interface CompiledList {
  readonly query: SelectQueryBuilder<DynamicDatabase, string, Record<string, unknown>>;
  readonly fields: FieldsPlan;
  /** The ORDER BY terms, `id` last; keyset paging reads and seeks on them. */
  readonly order: readonly OrderTerm[];
}

type Query = SelectQueryBuilder<DynamicDatabase, string, Record<string, unknown>>;

/**
 * The list query: filters (EXISTS for relations), to-one LEFT JOINs for order and
 * fields, ordering ending in `id`, limit and offset. Shared by the record store and
 * the data API; decode its rows with `decodeRows`.
 */
export function compileListQuery(
  db: Kysely<DynamicDatabase>,
  adapter: DialectAdapter,
  spec: ProjectSpec,
  model: ModelDefinition,
  options: ListQueryOptions = {},
  cipher: FieldCipher = NO_CIPHER,
): CompiledList {
  const table = tableName(model.name);
  const joins = new JoinPlan(table);
  const fields = compileFields(spec, model, options.fields, joins, ROW_ID);
  // The ids sealed values of joined tables are bound to (the main table's is ROW_ID).
  const sealedIds = new Map(
    fields.columns.flatMap((c) =>
      c.sealed === undefined || c.sealed.idAlias === ROW_ID ? [] : [[c.sealed.idAlias, c.table]],
    ),
  );
  const order = compileOrder(spec, model, options.order, joins);
  let query: Query = joins
    .apply(db.selectFrom(table))
    .select((eb) => [
      eb.ref(`${table}.id`).as(ROW_ID),
      ...fields.columns.map((c) =>
        c.sealed === undefined
          ? adapter.selectColumn(eb.ref(`${c.table}.${c.column}`), c.field).as(c.alias)
          : eb.ref(`${c.table}.${c.column}`).as(c.alias),
      ),
      ...[...sealedIds].map(([alias, joined]) => eb.ref(`${joined}.id`).as(alias)),
    ]) as Query;
  const plan = buildFilter(spec, model, options, cipher);
  if (plan !== undefined) query = query.where(compileFilter(plan, adapter, table));
  for (const term of order) {
    const ref = `${term.table}.${term.column}`;
    const { nulls, descending } = term;
    if (nulls !== undefined && adapter.nullsOrdering) {
      query = query.orderBy(ref, (item) => {
        const directed = descending ? item.desc() : item.asc();
        return nulls === "first" ? directed.nullsFirst() : directed.nullsLast();
      });
      continue;
    }
    if (nulls !== undefined) {
      // MySQL has no NULLS FIRST/LAST: `(x IS NULL)` as its own key places them.
      query = query.orderBy((eb) => eb(ref, "is", null), nulls === "first" ? "desc" : "asc");
    }
    query = query.orderBy(ref, descending ? "desc" : "asc");
  }
  if (options.limit !== undefined) query = query.limit(options.limit);
  if (options.offset !== undefined && options.offset > 0) {
    // SQLite and MySQL accept OFFSET only after a LIMIT.
    if (options.limit === undefined) query = query.limit(Number.MAX_SAFE_INTEGER);
    query = query.offset(options.offset);
  }
  return { query, fields, order };
}
