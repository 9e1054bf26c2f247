import { sql, type Kysely } from "kysely";
import { BackupInvalid } from "../../../foundations/error-codes.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { Database, DynamicDatabase } from "../database.js";
import { introspectSchema } from "../schema/index.js";
import { fromPortable } from "./portable-values.js";
import type { SnapshotBatch } from "./snapshot-batch.js";
import { snapshotTables, type SnapshotTable } from "./snapshot-tables.js";

/** Bound parameters per INSERT, under every backend's limit. */
const MAX_PARAMETERS = 30_000;

/** The model tables that hold rows (tables not created yet count as empty). */
export async function nonEmptyTables(database: Database, spec: ProjectSpec): Promise<string[]> {
  const existing = (await introspectSchema(database)).tables;
  const found: string[] = [];
  for (const table of snapshotTables(spec)) {
    if (!existing.has(table.schema.name)) continue;
    const row: unknown = await database.db
      .selectFrom(table.schema.name)
      .select(sql<number>`1`.as("one"))
      .limit(1)
      .executeTakeFirst();
    if (row !== undefined) found.push(table.schema.name);
  }
  return found;
}

/**
 * Inserts a snapshot's rows with their ids, in one transaction: every batch from
 * `read()`, then (reading again) the late foreign keys that could only be set once
 * every row existed, then, on PostgreSQL, each identity moved past the highest id so
 * new rows get new ids (MySQL/MariaDB and SQLite move theirs on insert). The schema
 * must already be the spec's.
 */
export async function restoreSnapshot(
  database: Database,
  spec: ProjectSpec,
  read: () => AsyncIterable<SnapshotBatch>,
): Promise<Record<string, number>> {
  const tables = new Map(snapshotTables(spec).map((t) => [t.schema.name, t]));
  const counts: Record<string, number> = {};
  await database.db.transaction().execute(async (trx) => {
    for await (const batch of read()) {
      const table = tableOf(tables, batch);
      await insertBatch(trx, database, table, batch);
      counts[table.schema.name] = (counts[table.schema.name] ?? 0) + batch.rows.length;
    }
    if ([...tables.values()].some((t) => t.lateColumns.length > 0)) {
      for await (const batch of read()) {
        const table = tableOf(tables, batch);
        if (table.lateColumns.length > 0) await setLateColumns(trx, database, table, batch);
      }
    }
    if (database.dialect === "postgres") {
      for (const table of tables.values()) {
        if (table.keyColumns[0] !== "id" || (counts[table.schema.name] ?? 0) === 0) continue;
        await sql`select setval(pg_get_serial_sequence(${`"${table.schema.name}"`}, 'id'), (select max(id) from ${sql.table(table.schema.name)}))`.execute(
          trx,
        );
      }
    }
  });
  return counts;
}

function tableOf(tables: ReadonlyMap<string, SnapshotTable>, batch: SnapshotBatch): SnapshotTable {
  const table = tables.get(batch.table);
  const wanted = table?.schema.columns.map((c) => c.name).join(",");
  if (table === undefined || wanted !== batch.columns.join(",")) {
    throw BackupInvalid.create(
      `the backup's table '${batch.table}' does not match this project's schema`,
      { hint: "Restore with the spec the backup was made with (its schema fingerprint matches)." },
    );
  }
  return table;
}

async function insertBatch(
  trx: Kysely<DynamicDatabase>,
  database: Database,
  table: SnapshotTable,
  batch: SnapshotBatch,
): Promise<void> {
  const columns = table.schema.columns;
  const late = new Set(table.lateColumns);
  const records = batch.rows.map((row) =>
    Object.fromEntries(
      columns.map((column, i) => [
        column.name,
        late.has(column.name) ? null : fromPortable(row[i], column, database.dialect),
      ]),
    ),
  );
  const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  for (let start = 0; start < records.length; start += perInsert) {
    await trx
      .insertInto(table.schema.name)
      .values(records.slice(start, start + perInsert))
      .execute();
  }
}

async function setLateColumns(
  trx: Kysely<DynamicDatabase>,
  database: Database,
  table: SnapshotTable,
  batch: SnapshotBatch,
): Promise<void> {
  const columns = table.schema.columns;
  const idAt = batch.columns.indexOf("id");
  const late = table.lateColumns.map((name) => ({
    at: batch.columns.indexOf(name),
    column: columns.find((c) => c.name === name),
  }));
  for (const row of batch.rows) {
    const values: Record<string, unknown> = {};
    for (const { at, column } of late) {
      const value = row[at];
      if (column !== undefined && value !== null && value !== undefined) {
        values[column.name] = fromPortable(value, column, database.dialect);
      }
    }
    if (Object.keys(values).length === 0) continue;
    await trx.updateTable(table.schema.name).set(values).where("id", "=", row[idAt]).execute();
  }
}
