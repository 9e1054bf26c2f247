import type { Database } from "../../../../src/engines/storage/database.js";

/** A timestamp every backend accepts for `created` and `updated`. */
export const STAMP = "2024-05-01 12:00:00";

export async function insertRows(
  database: Database,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  await database.db
    .insertInto(table)
    .values(rows.map((row) => ({ created: STAMP, updated: STAMP, ...row })))
    .execute();
}

export async function selectAll(
  database: Database,
  table: string,
  columns: readonly string[],
): Promise<Record<string, unknown>[]> {
  return await database.db
    .selectFrom(table)
    .select([...columns])
    .orderBy("id")
    .execute();
}
