import { sql } from "kysely";
import type { StoreContext } from "./store-context.js";

/**
 * Takes `count` new row ids of `table` before its INSERT, so values bound to their row's
 * id (encrypted fields) can be sealed in the INSERT itself rather than by an UPDATE
 * after it. Call it inside the write's transaction.
 *
 * - PostgreSQL: `nextval` of the id column's identity sequence, once per row; other
 *   writers keep drawing from the same sequence, so no id is handed out twice.
 * - SQLite: moves the table's AUTOINCREMENT counter (`sqlite_sequence`) past the ids
 *   taken; the statement takes the database's write lock, held to the commit, and
 *   AUTOINCREMENT never hands out an id at or below the counter.
 * - MySQL, and a SQLite table that has had no row yet: undefined (the caller inserts
 *   first and seals after).
 */
export async function reserveIds(
  context: StoreContext,
  table: string,
  count: number,
): Promise<number[] | undefined> {
  if (count === 0) return [];
  switch (context.adapter.dialect) {
    case "postgres": {
      const { rows } = await sql<{
        id: string | number;
      }>`SELECT nextval(pg_get_serial_sequence(${`"${table}"`}, 'id')) AS id FROM generate_series(1, CAST(${count} AS integer))`.execute(
        context.db,
      );
      return rows.map((row) => Number(row.id));
    }
    case "sqlite": {
      const { rows } = await sql<{
        seq: number;
      }>`UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(id), 0) FROM ${sql.table(table)})) + ${count} WHERE name = ${table} RETURNING seq`.execute(
        context.db,
      );
      const last = rows[0]?.seq;
      if (last === undefined) return undefined;
      return Array.from({ length: count }, (_, i) => last - count + 1 + i);
    }
    case "mysql":
      return undefined;
  }
}
