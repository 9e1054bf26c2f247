import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ListOptions, RecordRow } from "../records/record-store.js";
import { decodeRows } from "../query/read-rows.js";
import { readWithin, type DataContext } from "./data-context.js";
import { checkFilterDepth } from "./filter-depth.js";
import { compileKeysetQuery } from "./keyset-query.js";
import { cursorValues, encodeCursor } from "./page-cursor.js";
import { wholeNumber } from "./paging-options.js";

const DEFAULT_BATCH = 500;

/**
 * Every matching row in the requested order, read in keyset batches: each batch seeks
 * past the last row of the one before, so memory stays at one batch and no connection
 * or transaction is held between batches (a slow reader never blocks writers, and
 * SQLite's single connection stays free). Every ordering is keyset-able, nulls and
 * to-one paths included, since the seek mirrors the ordering and `id` ends it. Rows
 * changed while streaming are seen as keyset paging sees them: none twice, none of the
 * unchanged ones missed. `limit` and `offset` are honoured (offset on the first batch).
 */
export async function* streamRows(
  context: DataContext,
  model: ModelDefinition,
  options: ListOptions & { readonly batchSize?: number },
): AsyncGenerator<RecordRow> {
  checkFilterDepth(options.filter, context.limits.maxFilterDepth);
  const batch = Math.max(1, wholeNumber(options.batchSize, "batchSize") ?? DEFAULT_BATCH);
  let remaining = wholeNumber(options.limit, "limit") ?? Number.POSITIVE_INFINITY;
  let offset = wholeNumber(options.offset, "offset");
  let cursor: string | undefined;
  while (remaining > 0) {
    const size = Math.min(batch, remaining);
    const { rows, last } = await readWithin(context, async (reader) => {
      const { query, fields, order, keys } = compileKeysetQuery(
        reader,
        model,
        { ...options, limit: size, offset },
        cursor === undefined ? undefined : { cursor },
      );
      const found = await query.execute();
      const end = found.at(-1);
      return {
        rows: await decodeRows(reader.db, reader.adapter, fields, found, reader.cipher),
        last:
          end === undefined
            ? undefined
            : encodeCursor(order, cursorValues(order, keys, end, reader.adapter.dialect)),
      };
    });
    yield* rows;
    if (rows.length < size || last === undefined) return;
    remaining -= rows.length;
    offset = undefined;
    cursor = last;
  }
}
