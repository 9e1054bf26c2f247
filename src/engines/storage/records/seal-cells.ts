import { sql } from "kysely";
import type { JsonValue } from "../../../spec/field-types.js";
import { tableName } from "../naming.js";
import type { PendingRow } from "./pending-rows.js";
import type { Row } from "./row-values.js";
import { chunked, type StoreContext } from "./store-context.js";
import type { SealedSlot, WritePlan } from "./write-plan.js";

/** The column of a slot index (hash slots are always field slots). */
function columnOf(plan: WritePlan, index: number): string {
  const slot = plan.slots[index];
  if (slot === undefined) throw new Error(`no slot ${String(index)} in ${plan.model.name}`);
  return slot.column;
}

/**
 * Seals the given encrypted cells of rows that exist (their ids are known) in place,
 * and sets their hash cells; a cleared value clears its hash too.
 */
export function sealExistingRows(
  context: StoreContext,
  plan: WritePlan,
  rows: readonly PendingRow[],
): void {
  const model = plan.model.name;
  for (const row of rows) {
    const id = row.id;
    if (id === undefined) continue;
    for (const sealed of plan.sealed) {
      const cell = row.cells[sealed.index];
      if (cell === undefined) continue;
      const value = cell as JsonValue;
      const name = sealed.field.name;
      row.cells[sealed.index] = value === null ? null : context.cipher.seal(model, name, id, value);
      if (sealed.hashIndex !== undefined) {
        row.cells[sealed.hashIndex] =
          value === null ? null : context.cipher.hash(model, name, value);
      }
    }
  }
}

/** A new row's encrypted values, held back from its INSERT until its id is known. */
export interface HeldValues {
  readonly row: PendingRow;
  readonly values: ReadonlyMap<SealedSlot, JsonValue>;
}

/**
 * Takes the plain values of encrypted columns out of new rows' INSERT values (the
 * ciphertext is bound to the row id, which the INSERT makes) and puts their hashes in.
 */
export function holdNewValues(
  context: StoreContext,
  plan: WritePlan,
  rows: readonly PendingRow[],
  inserts: readonly Row[],
): HeldValues[] {
  const held: HeldValues[] = [];
  rows.forEach((row, i) => {
    const insert = inserts[i];
    if (insert === undefined) return;
    const values = new Map<SealedSlot, JsonValue>();
    for (const sealed of plan.sealed) {
      const column = columnOf(plan, sealed.index);
      const value = insert[column] as JsonValue | undefined;
      if (value === null || value === undefined) continue;
      values.set(sealed, value);
      insert[column] = null;
      if (sealed.hashIndex !== undefined) {
        insert[columnOf(plan, sealed.hashIndex)] = context.cipher.hash(
          plan.model.name,
          sealed.field.name,
          value,
        );
      }
    }
    if (values.size > 0) held.push({ row, values });
  });
  return held;
}

/**
 * Writes the held values of rows just inserted, sealed under their new ids: one
 * `UPDATE ... SET col = CASE id WHEN ... END WHERE id IN (...)` per chunk of rows.
 */
export async function sealNewRows(
  context: StoreContext,
  plan: WritePlan,
  held: readonly HeldValues[],
): Promise<void> {
  const model = plan.model.name;
  const table = tableName(model);
  const perRow = 1 + 2 * plan.sealed.length;
  for (const chunk of chunked(held, perRow, context)) {
    const set: Record<string, unknown> = {};
    for (const sealed of plan.sealed) {
      const column = columnOf(plan, sealed.index);
      const cases = chunk.flatMap(({ row, values }) => {
        const value = values.get(sealed);
        const id = row.id;
        if (value === undefined || id === undefined) return [];
        const text = context.cipher.seal(model, sealed.field.name, id, value);
        return [sql`WHEN ${id} THEN ${text}`];
      });
      if (cases.length === 0) continue;
      set[column] =
        sql`CASE ${sql.ref("id")} ${sql.join(cases, sql` `)} ELSE ${sql.ref(column)} END`;
    }
    const ids = chunk.map(({ row }) => row.id ?? 0);
    await context.db.updateTable(table).set(set).where("id", "in", ids).execute();
  }
}
