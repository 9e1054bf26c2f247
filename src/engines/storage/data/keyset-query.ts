import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { StoreContext } from "../records/store-context.js";
import {
  compileListQuery,
  type CompiledList,
  type ListQueryOptions,
} from "../query/compile-list-query.js";
import { KEY_PREFIX, decodeCursor } from "./page-cursor.js";
import { seekAfter } from "./seek-after.js";

/** Where a keyset page starts: after the row a cursor names, or at the beginning. */
export type SeekFrom = { readonly cursor: string } | undefined;

/**
 * The list query plus what keyset paging needs: every order term's value selected as
 * `_k<i>` (so the last row gives the next cursor) and, when resuming, the seek past
 * the previous page's last row.
 */
export function compileKeysetQuery(
  context: StoreContext,
  model: ModelDefinition,
  options: ListQueryOptions,
  from: SeekFrom,
): CompiledList {
  const compiled = compileListQuery(context.db, context.adapter, context.spec, model, options);
  const { order, fields } = compiled;
  let query = compiled.query.select((eb) =>
    order.map((term, i) =>
      context.adapter
        .selectColumn(eb.ref(`${term.table}.${term.column}`), term.field)
        .as(`${KEY_PREFIX}${String(i)}`),
    ),
  );
  if (from !== undefined) {
    const values = decodeCursor(from.cursor, order, context.adapter.dialect);
    query = query.where(seekAfter(order, values));
  }
  return { query, fields, order };
}
