import type { ModelDefinition } from "../../../spec/model-definition.js";
import { tableName } from "../naming.js";
import { codecFor } from "./codecs/codec-for.js";
import { RowCollector } from "./collect-rows.js";
import { findIds, locateRows } from "./locate-rows.js";
import type { PendingRow, WriteInput } from "./pending-rows.js";
import { resolveRelations } from "./resolve-relations.js";
import { insertValues } from "./row-values.js";
import { chunked, type StoreContext } from "./store-context.js";
import { reserveIds } from "./reserve-ids.js";
import { holdNewValues, sealExistingRows, sealNewRows, sealReservedRows } from "./seal-cells.js";
import { updateRows } from "./update-rows.js";
import { replaceManyToMany } from "./write-many-to-many.js";
import { writePlan } from "./write-plan.js";

export interface WriteOutcome {
  readonly id: number;
  readonly created: boolean;
}

/**
 * The one write path of save and saveMany. One pass parses and encodes every value
 * once; scope records and related keys are looked up once per distinct key; existing
 * rows are found per scope; new rows go in multi-row INSERTs and existing ones in
 * batched upserts, in chunks under the parameter limit; many-to-many lists are
 * replaced. Call it inside a transaction.
 */
export async function writeRows(
  context: StoreContext,
  model: ModelDefinition,
  inputs: readonly WriteInput[],
): Promise<WriteOutcome[]> {
  const dialect = context.adapter.dialect;
  const plan = writePlan(model, dialect);
  const { groups, order, rows, wanted } = new RowCollector(plan).collect(inputs);
  await locateRows(context, plan, [...groups.values()]);
  const ids = await resolveRelations(context, model, wanted);
  const now = codecFor("datetime").toDb(new Date().toISOString(), dialect);
  const table = tableName(model.name);
  const creates: PendingRow[] = [];
  const updates: PendingRow[] = [];
  for (const row of rows) {
    if (row.id === undefined) {
      row.created = true;
      creates.push(row);
    } else {
      updates.push(row);
    }
  }
  sealExistingRows(context, plan, updates);
  // Encrypted values are bound to the row id: with ids taken first, each new row is
  // written whole by its INSERT; else it is inserted without them and sealed after.
  const reserved =
    plan.sealed.length === 0 ? undefined : await reserveIds(context, table, creates.length);
  if (reserved !== undefined) creates.forEach((row, i) => (row.id = reserved[i]));
  const values = creates.map((row) => insertValues(plan, row, ids, now));
  if (reserved !== undefined) {
    values.forEach((insert, i) => (insert.id = reserved[i]));
    sealReservedRows(context, plan, creates, values);
  }
  const held =
    plan.sealed.length === 0 || reserved !== undefined
      ? []
      : holdNewValues(context, plan, creates, values);
  if (reserved !== undefined) {
    const columns = Object.keys(values[0] ?? {}).length;
    for (const chunk of chunked(values, columns, context)) {
      await context.db.insertInto(table).values(chunk).execute();
    }
  } else if (plan.keySlot === undefined) {
    for (const [i, row] of creates.entries()) {
      const insert = context.db.insertInto(table).values(values[i] ?? {});
      if (dialect === "mysql") {
        row.id = Number((await insert.executeTakeFirstOrThrow()).insertId);
      } else {
        const inserted = await insert.returning("id").executeTakeFirstOrThrow();
        row.id = Number(inserted.id);
      }
    }
  } else {
    const columns = Object.keys(values[0] ?? {}).length;
    for (const chunk of chunked(values, columns, context)) {
      await context.db.insertInto(table).values(chunk).execute();
    }
    const needIds =
      held.length > 0
        ? creates
        : creates.filter((row) => row.links !== undefined || rows.length === 1);
    if (needIds.length > 0) await findIds(context, plan, needIds);
  }
  if (held.length > 0) await sealNewRows(context, plan, held);
  await updateRows(context, plan, updates, ids, now);
  await replaceManyToMany(context, model, rows, ids);
  return order.map((row) => ({ id: row.id ?? 0, created: row.created }));
}
