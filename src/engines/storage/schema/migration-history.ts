import type { Kysely } from "kysely";
import type { Database, DynamicDatabase } from "../database.js";
import { MIGRATION_HISTORY_TABLE } from "../naming.js";
import type { SchemaDialect } from "./dialects/schema-dialect.js";
import { schemaDialectFor } from "./dialects/schema-dialects.js";
import { columnDefinition } from "./table-ddl.js";
import type { ColumnSchema } from "./schema-types.js";

/** One applied migration as recorded. */
export interface MigrationRecord {
  readonly id: number;
  readonly applied: string;
  readonly fingerprint: string;
  readonly steps: readonly string[];
}

const HISTORY_COLUMNS: readonly ColumnSchema[] = [
  { name: "id", type: "integer", nullable: false, primaryKey: true },
  { name: "applied", type: "datetime", nullable: false, primaryKey: false },
  { name: "fingerprint", type: "string", maxLength: 64, nullable: false, primaryKey: false },
  { name: "steps", type: "text", nullable: false, primaryKey: false },
];

export async function ensureHistoryTable(
  db: Kysely<DynamicDatabase>,
  dialect: SchemaDialect,
): Promise<void> {
  let builder = db.schema.createTable(MIGRATION_HISTORY_TABLE).ifNotExists();
  for (const column of HISTORY_COLUMNS) {
    builder = builder.addColumn(column.name, dialect.dataType(column), (c) =>
      columnDefinition(dialect, column, c),
    );
  }
  await builder.execute();
}

/** Records a migration; `steps` are the human-readable step lines. */
export async function recordMigration(
  db: Kysely<DynamicDatabase>,
  dialect: SchemaDialect,
  fingerprint: string,
  steps: readonly string[],
): Promise<void> {
  await ensureHistoryTable(db, dialect);
  const now = new Date();
  // better-sqlite3 binds no Date objects; SQLite keeps datetimes as ISO text anyway.
  const applied = dialect.name === "sqlite" ? now.toISOString() : now;
  await db
    .insertInto(MIGRATION_HISTORY_TABLE)
    .values({ applied, fingerprint, steps: JSON.stringify(steps) })
    .execute();
}

/** `2024-05-01 12:00:00.123+00` (pg), `... 12:00:00.123` (MySQL, UTC) or ISO (SQLite) as ISO. */
function isoTimestamp(value: string): string {
  const text = value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  const date = new Date(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Applied migrations, oldest first; empty when none was ever recorded. */
export async function migrationHistory(database: Database): Promise<MigrationRecord[]> {
  await ensureHistoryTable(database.db, schemaDialectFor(database.dialect));
  const rows = await database.db
    .selectFrom(MIGRATION_HISTORY_TABLE)
    .select(["id", "applied", "fingerprint", "steps"])
    .orderBy("id")
    .execute();
  return rows.map((row: Record<string, unknown>) => ({
    id: Number(row.id),
    applied: isoTimestamp(String(row.applied)),
    fingerprint: String(row.fingerprint),
    steps: JSON.parse(String(row.steps)) as string[],
  }));
}

/** The fingerprint of the last applied migration, or undefined when there is none. */
export async function lastFingerprint(database: Database): Promise<string | undefined> {
  await ensureHistoryTable(database.db, schemaDialectFor(database.dialect));
  const row = (await database.db
    .selectFrom(MIGRATION_HISTORY_TABLE)
    .select("fingerprint")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst()) as { fingerprint: string } | undefined;
  return row?.fingerprint;
}
