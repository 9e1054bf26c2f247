import type { JsonValue } from "../../../spec/field-types.js";
import { tableName } from "../naming.js";
import type { PendingRow } from "./pending-rows.js";
import type { Row } from "./row-values.js";
import type { StoreContext } from "./store-context.js";
import { updateTextById } from "./update-text-by-id.js";
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

/**
 * Seals new rows' encrypted values in their INSERT values, under the ids reserved for
 * them (see reserveIds), and puts their hashes in: the INSERT writes each row whole.
 */
export function sealReservedRows(
  context: StoreContext,
  plan: WritePlan,
  rows: readonly PendingRow[],
  inserts: readonly Row[],
): void {
  const model = plan.model.name;
  rows.forEach((row, i) => {
    const insert = inserts[i];
    const id = row.id;
    if (insert === undefined || id === undefined) return;
    for (const sealed of plan.sealed) {
      const column = columnOf(plan, sealed.index);
      const value = insert[column] as JsonValue | undefined;
      if (value === null || value === undefined) continue;
      const name = sealed.field.name;
      insert[column] = context.cipher.seal(model, name, id, value);
      if (sealed.hashIndex !== undefined) {
        insert[columnOf(plan, sealed.hashIndex)] = context.cipher.hash(model, name, value);
      }
    }
  });
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
 * Writes the held values of rows just inserted, sealed under their new ids, one
 * statement per chunk (see updateTextById). Used for new rows of a SQLite table that
 * has had none, and on MySQL, which has no way to take ids first. Columns a row did not
 * give are set to the NULL the INSERT left there.
 */
export async function sealNewRows(
  context: StoreContext,
  plan: WritePlan,
  held: readonly HeldValues[],
): Promise<void> {
  const model = plan.model.name;
  await updateTextById(
    context.db,
    context.adapter.dialect,
    tableName(model),
    { set: plan.sealed.map((sealed) => columnOf(plan, sealed.index)) },
    held.map(({ row, values }) => {
      const id = row.id ?? 0;
      return {
        id,
        values: plan.sealed.map((sealed) => {
          const value = values.get(sealed);
          return value === undefined
            ? null
            : context.cipher.seal(model, sealed.field.name, id, value);
        }),
      };
    }),
  );
}
