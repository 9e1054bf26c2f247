import type { ModelDefinition } from "../../../spec/model-definition.js";
import { tableName } from "../naming.js";
import { keyField } from "../query/compile-fields.js";
import { chunked, type StoreContext } from "./store-context.js";

type Row = Record<string, unknown>;

/** Scope foreign-key column -> the scope row's id; rows outside it never match. */
export type ScopeFilter = readonly (readonly [string, number])[];

/**
 * Rows (id, key column and `columns`) of one model whose key is among `stored` (driver
 * values) within one scope: one query per chunk, filtered by the scope's ids so a key
 * repeated in other scopes is neither read nor matched.
 */
export async function selectByKeys(
  context: StoreContext,
  model: ModelDefinition,
  scope: ScopeFilter,
  stored: readonly unknown[],
  columns: readonly string[] = [],
): Promise<Row[]> {
  const key = keyField(model).name;
  const rows: Row[] = [];
  for (const chunk of chunked(stored, 1, context)) {
    if (chunk.length === 0) continue;
    let query = context.db
      .selectFrom(tableName(model.name))
      .select(["id", ...(key === "id" ? [] : [key]), ...columns]);
    for (const [column, id] of scope) query = query.where(column, "=", id);
    const found = (await query.where(key, "in", chunk).execute()) as Row[];
    for (const row of found) rows.push(row);
  }
  return rows;
}

/**
 * Whether any row lies in one of these scopes (any row at all for unscoped models): one
 * cheap query that lets a bulk load into empty scopes skip looking up every key.
 */
export async function anyRowIn(
  context: StoreContext,
  model: ModelDefinition,
  column: string | undefined,
  ids: readonly number[],
): Promise<boolean> {
  const table = tableName(model.name);
  if (column === undefined) {
    return (
      (await context.db.selectFrom(table).select("id").limit(1).executeTakeFirst()) !== undefined
    );
  }
  for (const chunk of chunked(ids, 1, context)) {
    const row = await context.db
      .selectFrom(table)
      .select("id")
      .where(column, "in", chunk)
      .limit(1)
      .executeTakeFirst();
    if (row !== undefined) return true;
  }
  return false;
}
