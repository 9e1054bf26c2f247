import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { StoreContext } from "../records/store-context.js";
import { tableName } from "../naming.js";
import { listQueryIn } from "../records/read-records.js";
import { ROW_ID, type CompiledList, type ListQueryOptions } from "../query/compile-list-query.js";
import type { OrderTerm } from "../query/compile-order.js";
import { KEY_PREFIX, decodeCursor } from "./page-cursor.js";
import { seekAfter } from "./seek-after.js";

/** Where a keyset page starts: after the row a cursor names, or at the beginning. */
export type SeekFrom = { readonly cursor: string } | undefined;

/** The list query plus the alias each order term's value is read from (`cursorValues`). */
export interface KeysetQuery extends CompiledList {
  readonly keys: readonly string[];
}

/**
 * The alias holding each order term's value: a column the fields already select (the
 * row id, or the same column read the same way), else its own `_k<i>`.
 */
function keyAliases(model: ModelDefinition, compiled: CompiledList): string[] {
  const table = tableName(model.name);
  return compiled.order.map((term: OrderTerm, i) => {
    if (term.table === table && term.column === "id") return ROW_ID;
    const selected = compiled.fields.columns.find(
      (c) => c.table === term.table && c.column === term.column && c.field.type === term.field.type,
    );
    return selected?.alias ?? `${KEY_PREFIX}${String(i)}`;
  });
}

/**
 * The list query plus what keyset paging needs: every order term's value selected
 * (reusing a column the row already has, so the sort carries no copies) so the last
 * row gives the next cursor and, when resuming, the seek past the previous page's
 * last row.
 */
export function compileKeysetQuery(
  context: StoreContext,
  model: ModelDefinition,
  options: ListQueryOptions,
  from: SeekFrom,
): KeysetQuery {
  const compiled = listQueryIn(context, model, options);
  const { order, fields } = compiled;
  const keys = keyAliases(model, compiled);
  const own = order.flatMap((term, i) => {
    const alias = keys[i] ?? "";
    return alias.startsWith(KEY_PREFIX) ? [{ term, alias }] : [];
  });
  let query =
    own.length === 0
      ? compiled.query
      : compiled.query.select((eb) =>
          own.map(({ term, alias }) =>
            context.adapter
              .selectColumn(eb.ref(`${term.table}.${term.column}`), term.field)
              .as(alias),
          ),
        );
  if (from !== undefined) {
    const values = decodeCursor(from.cursor, order, context.adapter.dialect);
    query = query.where(seekAfter(order, values));
  }
  return { query, fields, order, keys };
}
