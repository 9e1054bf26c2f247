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

/** The sealed columns of held rows: id first, then each encrypted column's text or null. */
function sealedRows(context: StoreContext, plan: WritePlan, held: readonly HeldValues[]) {
  const model = plan.model.name;
  return held.map(({ row, values }) => {
    const id = row.id ?? 0;
    return [
      id,
      ...plan.sealed.map((sealed) => {
        const value = values.get(sealed);
        return value === undefined
          ? null
          : context.cipher.seal(model, sealed.field.name, id, value);
      }),
    ];
  });
}

/**
 * Writes the held values of rows just inserted, sealed under their new ids, one
 * statement per chunk: `UPDATE ... FROM (VALUES ...)` joined on id where the backend
 * has it (SQLite, PostgreSQL), `SET col = CASE id WHEN ... END` on MySQL (new rows of a
 * SQLite table that has had none, and on MySQL, which has no way to take ids first). Columns a
 * row did not give are set to the NULL the INSERT left there.
 */
export async function sealNewRows(
  context: StoreContext,
  plan: WritePlan,
  held: readonly HeldValues[],
): Promise<void> {
  const table = tableName(plan.model.name);
  const columns = plan.sealed.map((sealed) => columnOf(plan, sealed.index));
  for (const chunk of chunked(held, 1 + columns.length, context)) {
    const rows = sealedRows(context, plan, chunk);
    const dialect = context.adapter.dialect;
    if (dialect === "mysql") {
      const set = columns.map((column, c) => {
        const cases = rows.map((row) => sql`WHEN ${row[0]} THEN ${row[c + 1]}`);
        return sql`${sql.ref(column)} = CASE ${sql.ref("id")} ${sql.join(cases, sql` `)} END`;
      });
      const ids = rows.map((row) => Number(row[0]));
      // Through the primary key, so only these rows are locked: on a small table InnoDB
      // would scan (and lock) every row, and concurrent writers would deadlock.
      await sql`UPDATE ${sql.table(table)} FORCE INDEX (PRIMARY) SET ${sql.join(set)} WHERE ${sql.ref("id")} IN (${sql.join(ids)})`.execute(
        context.db,
      );
      continue;
    }
    // SQLite names a VALUES list's columns column1, column2, ...; PostgreSQL takes names.
    const names = ["id", ...columns].map((name, i) =>
      dialect === "sqlite" ? `column${String(i + 1)}` : name,
    );
    const tuples = rows.map(
      ([id, ...values]) =>
        sql`(${dialect === "postgres" ? sql`CAST(${id} AS integer)` : sql`${id}`}, ${sql.join(
          values.map((value) =>
            dialect === "postgres" ? sql`CAST(${value} AS text)` : sql`${value}`,
          ),
        )})`,
    );
    const alias =
      dialect === "postgres" ? sql`v(${sql.join(names.map((name) => sql.ref(name)))})` : sql`v`;
    const assignments = columns.map(
      (column, c) => sql`${sql.ref(column)} = ${sql.ref(`v.${names[c + 1] ?? ""}`)}`,
    );
    await sql`UPDATE ${sql.table(table)} SET ${sql.join(assignments)} FROM (VALUES ${sql.join(
      tuples,
    )}) AS ${alias} WHERE ${sql.ref(`${table}.id`)} = ${sql.ref(`v.${names[0] ?? "id"}`)}`.execute(
      context.db,
    );
  }
}
