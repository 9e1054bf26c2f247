import type { FilterNode } from "../query/filter-node.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { Page, PageOptions } from "../records/data-queries.js";
import { listRecords } from "../records/read-records.js";
import type { RecordRow } from "../records/record-store.js";
import { decodeRows } from "../query/read-rows.js";
import { countMatching } from "./count-matching.js";
import { readWithin, type DataContext } from "./data-context.js";
import { checkFilterDepth } from "./filter-depth.js";
import { idNotFound } from "./id-not-found.js";
import { cursorValues, encodeCursor } from "./page-cursor.js";
import { pagingOf } from "./paging-options.js";

/**
 * One page: limit + 1 rows tell whether more follow; the last row's order values
 * become the next keyset cursor. Every ordering can be resumed by cursor, since the
 * seek places nulls as the ordering does and `id` ends every ordering.
 */
export async function listPage(
  context: DataContext,
  model: ModelDefinition,
  options: PageOptions,
): Promise<Page> {
  const paging = pagingOf(options);
  checkFilterDepth(options.filter, context.limits.maxFilterDepth);
  return await readWithin(context, async (reader) => {
    const { compiled, fields, order, keys } = reader.pages.compile(
      reader,
      model,
      { ...options, limit: paging.limit + 1, offset: paging.offset },
      paging.cursor === undefined ? undefined : { cursor: paging.cursor },
    );
    const found = (await reader.db.executeQuery<Record<string, unknown>>(compiled)).rows;
    const more = found.length > paging.limit;
    const rows = more ? found.slice(0, paging.limit) : found;
    const decoded = await decodeRows(reader.db, reader.adapter, fields, rows, reader.cipher);
    const count = await countMatching(reader, model, options, paging.count);
    const last = rows.at(-1);
    if (!more || last === undefined) return { rows: decoded, count, more };
    const nextCursor = encodeCursor(order, cursorValues(order, keys, last, reader.adapter.dialect));
    return { rows: decoded, count, more, nextCursor };
  });
}

/** One row by its id, with the given fields; CAIRN_RECORD_NOT_FOUND when none has it. */
export async function getById(
  context: DataContext,
  model: ModelDefinition,
  id: number,
  fields: readonly string[] | undefined,
  scope?: FilterNode,
): Promise<RecordRow> {
  const [row] = await readWithin(context, (reader) =>
    listRecords(reader, model, {
      filters: [{ path: "id", value: id }],
      fields,
      limit: 1,
      ...(scope === undefined ? {} : { scope }),
    }),
  );
  if (row !== undefined) return row;
  return idNotFound(model, id);
}
