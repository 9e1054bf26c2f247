import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from "kysely";
import type { DynamicDatabase } from "../database.js";
import type { SchemaDialect } from "./dialects/schema-dialect.js";
import type { ColumnSchema, ForeignKeySchema, IndexSchema, TableSchema } from "./schema-types.js";

/** Building blocks of DDL through Kysely's schema builder, shared by every dialect. */
export function columnDefinition(
  dialect: SchemaDialect,
  column: ColumnSchema,
  builder: ColumnDefinitionBuilder,
): ColumnDefinitionBuilder {
  let result = column.primaryKey ? dialect.primaryKey(builder) : builder;
  if (!column.nullable || column.primaryKey) result = result.notNull();
  if (column.default !== undefined) result = result.defaultTo(column.default);
  return result;
}

export async function createIndex(
  db: Kysely<DynamicDatabase>,
  table: string,
  index: IndexSchema,
): Promise<void> {
  let builder = db.schema
    .createIndex(index.name)
    .on(table)
    .columns([...index.columns]);
  if (index.unique) builder = builder.unique();
  await builder.execute();
}

export async function addForeignKey(
  db: Kysely<DynamicDatabase>,
  table: string,
  key: ForeignKeySchema,
): Promise<void> {
  await db.schema
    .alterTable(table)
    .addForeignKeyConstraint(key.name, [...key.columns], key.referencedTable, [
      ...key.referencedColumns,
    ])
    .onDelete(key.onDelete)
    .execute();
}

/**
 * Creates a table with its indexes and foreign keys. `name` differs from the schema's
 * when SQLite rebuilds a table under a temporary name; indexes then come after the rename.
 */
export async function createTable(
  db: Kysely<DynamicDatabase>,
  dialect: SchemaDialect,
  schema: TableSchema,
  options: { readonly name?: string; readonly indexes?: boolean } = {},
): Promise<void> {
  const name = options.name ?? schema.name;
  let builder: CreateTableBuilder<string, string> = db.schema.createTable(name);
  for (const column of schema.columns) {
    builder = builder.addColumn(column.name, dialect.dataType(column), (c) =>
      columnDefinition(dialect, column, c),
    );
  }
  if (dialect.inlineForeignKeys) {
    for (const key of schema.foreignKeys) {
      builder = builder.addForeignKeyConstraint(
        key.name,
        [...key.columns],
        key.referencedTable,
        [...key.referencedColumns],
        (fk) => fk.onDelete(key.onDelete),
      );
    }
  }
  await builder.execute();
  if (options.indexes !== false) {
    for (const index of schema.indexes) await createIndex(db, name, index);
  }
  if (!dialect.inlineForeignKeys) {
    for (const key of schema.foreignKeys) await addForeignKey(db, name, key);
  }
}
