import { sql, type Kysely } from "kysely";
import type { JsonValue } from "../../../spec/field-types.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { Database, DynamicDatabase } from "../database.js";
import { toPortable } from "./portable-values.js";
import { SNAPSHOT_BATCH_ROWS, type SnapshotBatch } from "./snapshot-batch.js";
import { snapshotTables, type SnapshotTable } from "./snapshot-tables.js";

type Row = Record<string, unknown>;

/**
 * Reads every row of every model table (join tables included), referenced tables
 * first, in batches by key, inside one repeatable-read transaction so the snapshot is
 * consistent. `onBatch` is awaited, so a slow writer holds the reading back and memory
 * stays at one batch. Answers the rows read per table.
 */
export async function readSnapshot(
  database: Database,
  spec: ProjectSpec,
  onBatch: (batch: SnapshotBatch) => Promise<void>,
): Promise<Record<string, number>> {
  const tables = snapshotTables(spec);
  const counts: Record<string, number> = {};
  const transaction =
    database.dialect === "sqlite"
      ? database.db.transaction()
      : database.db.transaction().setIsolationLevel("repeatable read");
  await transaction.execute(async (trx) => {
    for (const table of tables) {
      counts[table.schema.name] = await readTable(trx, database, table, onBatch);
    }
  });
  return counts;
}

async function readTable(
  trx: Kysely<DynamicDatabase>,
  database: Database,
  table: SnapshotTable,
  onBatch: (batch: SnapshotBatch) => Promise<void>,
): Promise<number> {
  const columns = table.schema.columns;
  const names = columns.map((c) => c.name);
  let after: Row | undefined;
  let count = 0;
  for (;;) {
    // better-sqlite3 reads integers as doubles: big ones are read as text there.
    const selected = columns.map((c) =>
      database.dialect === "sqlite" && c.type === "bigint"
        ? sql<string>`CAST(${sql.ref(c.name)} AS TEXT)`.as(c.name)
        : sql.ref(c.name).as(c.name),
    );
    let query = trx.selectFrom(table.schema.name).select(selected);
    for (const key of table.keyColumns) query = query.orderBy(key);
    if (after !== undefined) {
      const last = after;
      query = query.where((eb) => {
        // (a, b) > (x, y) spelt out, which every backend reads the same way.
        const keys = table.keyColumns;
        return eb.or(
          keys.map((key, i) =>
            eb.and([...keys.slice(0, i).map((k) => eb(k, "=", last[k])), eb(key, ">", last[key])]),
          ),
        );
      });
    }
    const rows = (await query.limit(SNAPSHOT_BATCH_ROWS).execute()) as Row[];
    if (rows.length === 0) return count;
    const portable = rows.map((row): JsonValue[] =>
      columns.map((column) => toPortable(row[column.name], column, database.dialect)),
    );
    await onBatch({ table: table.schema.name, columns: names, rows: portable });
    count += rows.length;
    after = rows[rows.length - 1];
    if (rows.length < SNAPSHOT_BATCH_ROWS) return count;
  }
}
