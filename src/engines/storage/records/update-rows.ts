import { tableName } from "../naming.js";
import type { PendingRow } from "./pending-rows.js";
import type { RelationIds } from "./resolve-relations.js";
import { relatedId, updateValues, type Row } from "./row-values.js";
import { chunked, type StoreContext } from "./store-context.js";
import { encodedDefault, type WritePlan } from "./write-plan.js";

/** Which cells a row gives, so rows that set the same columns share one statement. */
function givenColumns(plan: WritePlan, row: PendingRow): string {
  let mask = "";
  for (let index = 0; index < plan.slots.length; index++) {
    mask += row.cells[index] === undefined ? "0" : "1";
  }
  return mask;
}

/**
 * The upsert values of an existing row: its id, key and scope, the given cells, and for
 * columns that must not be null but were not given their default (never applied: the
 * row exists, so only the SET list is). Undefined when a required column has no default.
 */
function upsertValues(
  plan: WritePlan,
  row: PendingRow,
  ids: RelationIds,
  now: unknown,
): Row | undefined {
  const result: Row = { id: row.id };
  const { slots } = plan;
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index];
    if (slot === undefined) continue;
    const cell = row.cells[index];
    if (slot.kind === "field") {
      if (index === plan.keySlot) result[slot.column] = row.storedKey;
      else if (cell !== undefined) result[slot.column] = cell;
      else if (slot.field.required && !slot.field.encrypted) {
        const fallback = encodedDefault(plan, slot);
        if (fallback === null) return undefined;
        result[slot.column] = fallback;
      }
    } else if (slot.scopeIndex >= 0) {
      result[slot.column] = row.group.ids[slot.scopeIndex];
    } else if (cell !== undefined) {
      result[slot.column] = relatedId(ids, slot.name, cell);
    } else if (slot.required) {
      return undefined;
    }
  }
  result.created = now;
  result.updated = now;
  return result;
}

/** Columns an upsert sets on conflict: the given ones and `updated`. */
function setColumns(plan: WritePlan, mask: string): string[] {
  const columns: string[] = [];
  for (let index = 0; index < plan.slots.length; index++) {
    const slot = plan.slots[index];
    if (slot !== undefined && mask[index] === "1") columns.push(slot.column);
  }
  columns.push("updated");
  return columns;
}

async function upsert(
  context: StoreContext,
  plan: WritePlan,
  rows: readonly Row[],
  set: readonly string[],
): Promise<void> {
  const table = tableName(plan.model.name);
  const width = Object.keys(rows[0] ?? {}).length;
  for (const chunk of chunked(rows, width, context)) {
    const insert = context.db.insertInto(table).values(chunk);
    if (context.adapter.dialect === "mysql") {
      await insert
        .onDuplicateKeyUpdate((eb) =>
          Object.fromEntries(set.map((column) => [column, eb.fn("values", [eb.ref(column)])])),
        )
        .execute();
    } else {
      await insert
        .onConflict((conflict) =>
          conflict
            .column("id")
            .doUpdateSet((eb) =>
              Object.fromEntries(set.map((column) => [column, eb.ref(`excluded.${column}`)])),
            ),
        )
        .execute();
    }
  }
}

/**
 * Updates existing rows in batches: rows setting the same columns go into one multi-row
 * INSERT ... ON CONFLICT (id) DO UPDATE (ON DUPLICATE KEY UPDATE on MySQL) that sets
 * only those columns. One UPDATE per row remains for rows that leave a required column
 * without a default unset, and on MySQL for models with other unique fields (ON
 * DUPLICATE KEY would update whichever row a unique value collides with).
 */
export async function updateRows(
  context: StoreContext,
  plan: WritePlan,
  rows: readonly PendingRow[],
  ids: RelationIds,
  now: unknown,
): Promise<void> {
  const batches = new Map<string, Row[]>();
  const single: PendingRow[] = [];
  const batched = !(context.adapter.dialect === "mysql" && plan.uniqueFields);
  for (const row of rows) {
    const values = batched ? upsertValues(plan, row, ids, now) : undefined;
    if (values === undefined) {
      single.push(row);
      continue;
    }
    const mask = givenColumns(plan, row);
    const batch = batches.get(mask);
    if (batch === undefined) batches.set(mask, [values]);
    else batch.push(values);
  }
  for (const [mask, batch] of batches) await upsert(context, plan, batch, setColumns(plan, mask));
  const table = tableName(plan.model.name);
  for (const row of single) {
    await context.db
      .updateTable(table)
      .set(updateValues(plan, row, ids, now))
      .where("id", "=", row.id ?? 0)
      .execute();
  }
}
