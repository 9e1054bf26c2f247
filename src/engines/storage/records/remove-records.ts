import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordInUse } from "../../../foundations/error-codes.js";
import { JOIN_SOURCE_COLUMN, foreignKeyColumn, joinTableName, tableName } from "../naming.js";
import { buildFilter, type FilterOptions } from "../query/build-filter.js";
import { compileFilter } from "../query/compile-filter.js";
import { translateDatabaseError } from "./database-errors.js";
import { chunked, modelOf, type StoreContext } from "./store-context.js";

/** The ids a filter matches (all rows for none). */
async function matchingIds(context: StoreContext, model: ModelDefinition, options: FilterOptions) {
  const table = tableName(model.name);
  const plan = buildFilter(context.spec, model, options, context.cipher);
  let query = context.db.selectFrom(table).select("id");
  if (plan !== undefined) query = query.where(compileFilter(plan, context.adapter, table));
  const rows = (await query.execute()) as { id: unknown }[];
  return rows.map((row) => Number(row.id));
}

/** Names the first `restrict` relation that still points at one of `ids`, before the database refuses. */
async function checkRestrict(
  context: StoreContext,
  model: ModelDefinition,
  ids: readonly number[],
) {
  for (const reverse of model.reverseRelations.values()) {
    const source = modelOf(context, reverse.model);
    const relation = source.relations.get(reverse.relation);
    if (relation === undefined || relation.multiple || relation.onDelete !== "restrict") continue;
    for (const chunk of chunked(ids, 1, context)) {
      const row = (await context.db
        .selectFrom(tableName(source.name))
        .select((eb) => eb.fn.countAll().as("count"))
        .where(foreignKeyColumn(relation.name), "in", chunk)
        .executeTakeFirst()) as { count: unknown } | undefined;
      const count = Number(row?.count ?? 0);
      if (count > 0) {
        throw RecordInUse.create(
          `cannot remove ${model.name}: ${count} ${source.name} record(s) refer to it through '${relation.name}' (on_delete: restrict)`,
          {
            hint: `Remove or re-point those ${source.name} records first (cairn ${source.name} list ${relation.name}=...).`,
            details: { model: model.name, referencedBy: source.name, relation: relation.name },
          },
        );
      }
    }
  }
}

/** Deletes rows by id: restrict checks, the model's own join rows, then the rows. */
export async function removeIds(
  context: StoreContext,
  model: ModelDefinition,
  ids: readonly number[],
): Promise<number> {
  if (ids.length === 0) return 0;
  await checkRestrict(context, model, ids);
  try {
    for (const chunk of chunked(ids, 1, context)) {
      for (const relation of model.relations.values()) {
        if (!relation.multiple) continue;
        await context.db
          .deleteFrom(joinTableName(model.name, relation.name))
          .where(JOIN_SOURCE_COLUMN, "in", chunk)
          .execute();
      }
      await context.db.deleteFrom(tableName(model.name)).where("id", "in", chunk).execute();
    }
  } catch (error) {
    throw translateDatabaseError(error, model.name, "remove");
  }
  return ids.length;
}

export async function clearRecords(
  context: StoreContext,
  model: ModelDefinition,
  options: FilterOptions,
): Promise<number> {
  return removeIds(context, model, await matchingIds(context, model, options));
}
