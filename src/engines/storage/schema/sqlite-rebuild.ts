import { sql, type AliasableExpression, type ExpressionBuilder, type Kysely } from "kysely";
import type { DynamicDatabase } from "../database.js";
import { zeroValue } from "./column-defaults.js";
import { compareColumns } from "./column-change.js";
import type { SchemaDialect } from "./dialects/schema-dialect.js";
import type { MigrationStep } from "./migration-plan.js";
import type { ColumnSchema, TableSchema } from "./schema-types.js";
import { createIndex, createTable } from "./table-ddl.js";

/** Steps SQLite's ALTER TABLE handles itself; any other step on an existing table rebuilds it. */
function alterable(step: MigrationStep): boolean {
  switch (step.kind) {
    case "create_index":
    case "drop_index":
    case "drop_table":
    case "create_table":
      return true;
    case "add_column":
      return step.rowCheck !== true;
    case "drop_column":
    case "alter_column":
    case "add_foreign_key":
    case "drop_foreign_key":
      return false;
  }
}

/** Tables that stay (neither created nor dropped by this plan) and must be rebuilt. */
export function tablesToRebuild(steps: readonly MigrationStep[]): Set<string> {
  const passing = new Set(
    steps.filter((s) => s.kind === "create_table" || s.kind === "drop_table").map((s) => s.table),
  );
  return new Set(steps.filter((s) => !alterable(s) && !passing.has(s.table)).map((s) => s.table));
}

/**
 * Steps the rebuild makes unnecessary: every step on a rebuilt table, keys of a table
 * about to be dropped, and keys added to new tables (created with all their keys, as
 * SQLite accepts keys to tables that do not exist yet).
 */
export function subsumedByRebuild(
  steps: readonly MigrationStep[],
  rebuilt: ReadonlySet<string>,
): (step: MigrationStep) => boolean {
  const dropped = new Set(steps.filter((s) => s.kind === "drop_table").map((s) => s.table));
  return (step) =>
    rebuilt.has(step.table) ||
    (step.kind === "drop_foreign_key" && dropped.has(step.table)) ||
    step.kind === "add_foreign_key";
}

type Select = (eb: ExpressionBuilder<DynamicDatabase, string>) => AliasableExpression<unknown>;

/** The value copied into a column of the new table. */
function copyExpression(
  column: ColumnSchema,
  existing: ReadonlySet<string>,
  altered: ColumnSchema | undefined,
): Select {
  const fill = column.default ?? (column.nullable ? null : zeroValue(column.type));
  // Strings bind as parameters; numbers, booleans and null are inlined (SQLite binds no booleans).
  const literal = (eb: ExpressionBuilder<DynamicDatabase, string>) =>
    typeof fill === "string" ? eb.val(fill) : eb.lit(fill);
  if (!existing.has(column.name)) return literal;
  const change = altered === undefined ? undefined : compareColumns(altered, column);
  return (eb) => {
    let value: AliasableExpression<unknown> = eb.ref(column.name);
    if (change?.narrowing?.kind === "length") {
      value = eb.fn("substr", [value, eb.lit(1), eb.lit(change.narrowing.maxLength)]);
    }
    if (change?.fillsNulls === true) value = eb.fn.coalesce(value, literal(eb));
    return value;
  };
}

/**
 * SQLite's documented twelve-step table change: create `<table>__new` as wanted, copy
 * the rows (cutting or filling values as the plan allows), drop the old table, rename
 * the new one and recreate its indexes. The caller holds the transaction and has
 * turned foreign keys off, and runs `foreign_key_check` before committing.
 */
export async function rebuildTable(
  db: Kysely<DynamicDatabase>,
  dialect: SchemaDialect,
  wanted: TableSchema,
  steps: readonly MigrationStep[],
): Promise<void> {
  const info = await sql<{
    name: string;
  }>`select name from pragma_table_info(${wanted.name})`.execute(db);
  const existing = new Set(info.rows.map((row) => row.name));
  const altered = new Map<string, ColumnSchema>();
  for (const step of steps) {
    if (step.kind === "alter_column" && step.table === wanted.name)
      altered.set(step.to.name, step.from);
  }
  const temporary = `${wanted.name}__new`;
  await createTable(db, dialect, wanted, { name: temporary, indexes: false });
  const names = wanted.columns.map((c) => c.name);
  await db
    .insertInto(temporary)
    .columns(names)
    .expression(
      db
        .selectFrom(wanted.name)
        .select((eb) =>
          wanted.columns.map((c) =>
            copyExpression(c, existing, altered.get(c.name))(eb).as(c.name),
          ),
        ),
    )
    .execute();
  await db.schema.dropTable(wanted.name).execute();
  await db.schema.alterTable(temporary).renameTo(wanted.name).execute();
  for (const index of wanted.indexes) await createIndex(db, wanted.name, index);
}
