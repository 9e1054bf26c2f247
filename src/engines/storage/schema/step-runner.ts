import type { Kysely } from "kysely";
import type { DynamicDatabase } from "../database.js";
import { zeroValue } from "./column-defaults.js";
import { compareColumns } from "./column-change.js";
import type { SchemaDialect } from "./dialects/schema-dialect.js";
import type { MigrationStep } from "./migration-plan.js";
import type { ColumnSchema } from "./schema-types.js";
import { addForeignKey, columnDefinition, createIndex, createTable } from "./table-ddl.js";

/**
 * Changes a column, rewriting values the change would reject: strings longer than the
 * new length are cut first; a column turning NOT NULL first takes its new type while
 * still nullable, then its NULLs get the default (or the type's zero). Destructive
 * rewrites only run when the plan was allowed to destroy data.
 */
async function alterColumn(
  db: Kysely<DynamicDatabase>,
  dialect: SchemaDialect,
  table: string,
  from: ColumnSchema,
  to: ColumnSchema,
): Promise<void> {
  const change = compareColumns(from, to);
  if (change === undefined) return;
  const textual = from.type === "string" || from.type === "text";
  if (change.narrowing?.kind === "length" && textual) {
    const max = change.narrowing.maxLength;
    await db
      .updateTable(table)
      .set(to.name, (eb) => eb.fn("substr", [eb.ref(to.name), eb.lit(1), eb.lit(max)]))
      .where((eb) => eb(eb.fn(dialect.lengthFunction, [eb.ref(to.name)]), ">", max))
      .execute();
  }
  if (!change.fillsNulls) {
    await dialect.alterColumn(db, table, from, to);
    return;
  }
  const nullable: ColumnSchema = { ...to, nullable: true };
  await dialect.alterColumn(db, table, from, nullable);
  await db
    .updateTable(table)
    .set(to.name, to.default ?? zeroValue(to.type))
    .where(to.name, "is", null)
    .execute();
  await dialect.alterColumn(db, table, nullable, to);
}

/** Runs one step with Kysely's schema builder (SQLite's table rebuilds live elsewhere). */
export async function runStep(
  db: Kysely<DynamicDatabase>,
  dialect: SchemaDialect,
  step: MigrationStep,
): Promise<void> {
  switch (step.kind) {
    case "create_table":
      await createTable(db, dialect, step.schema);
      return;
    case "drop_table":
      await db.schema.dropTable(step.table).execute();
      return;
    case "add_column": {
      const { column } = step;
      if (step.rowCheck === true) {
        // Existing rows need a value: add with the type's zero, then drop that default.
        const filled = { ...column, default: zeroValue(column.type) };
        await db.schema
          .alterTable(step.table)
          .addColumn(column.name, dialect.dataType(column), (c) =>
            columnDefinition(dialect, filled, c),
          )
          .execute();
        await db.schema
          .alterTable(step.table)
          .alterColumn(column.name, (c) => c.dropDefault())
          .execute();
        return;
      }
      await db.schema
        .alterTable(step.table)
        .addColumn(column.name, dialect.dataType(column), (c) =>
          columnDefinition(dialect, column, c),
        )
        .execute();
      return;
    }
    case "drop_column":
      await db.schema.alterTable(step.table).dropColumn(step.column).execute();
      return;
    case "alter_column":
      await alterColumn(db, dialect, step.table, step.from, step.to);
      return;
    case "create_index":
      await createIndex(db, step.table, step.index);
      return;
    case "drop_index":
      await dialect.dropIndex(db, step.table, step.index.name);
      return;
    case "add_foreign_key":
      await addForeignKey(db, step.table, step.foreignKey);
      return;
    case "drop_foreign_key":
      await dialect.dropForeignKey(db, step.table, step.foreignKey.name);
      return;
  }
}
