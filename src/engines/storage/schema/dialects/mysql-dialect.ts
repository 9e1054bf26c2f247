import { sql, type ColumnDefinitionBuilder } from "kysely";
import type { ColumnSchema } from "../schema-types.js";
import { introspectMysql } from "./mysql-introspection.js";
import type { SchemaDialect } from "./schema-dialect.js";

function nativeType(column: ColumnSchema): string {
  switch (column.type) {
    case "string":
      return `varchar(${String(column.maxLength ?? 255)})`;
    case "decimal":
      return `decimal(${String(column.precision ?? 18)}, ${String(column.scale ?? 0)})`;
    case "text":
      return "longtext";
    case "integer":
      return "int";
    case "float":
      return "double";
    case "datetime":
      return "datetime(3)";
    case "uuid":
      return "char(36)";
    case "binary":
      return "longblob";
    case "bigint":
    case "boolean":
    case "date":
    case "time":
    case "json":
      return column.type;
  }
}

function definition(
  column: ColumnSchema,
  builder: ColumnDefinitionBuilder,
): ColumnDefinitionBuilder {
  let result = column.nullable ? builder : builder.notNull();
  if (column.default !== undefined) result = result.defaultTo(column.default);
  return result;
}

/**
 * MySQL/MariaDB: DDL commits on its own, so plans run step by step. Foreign keys are
 * added after the indexes so MySQL never creates implicit indexes of its own.
 */
export const mysqlSchemaDialect: SchemaDialect = {
  name: "mysql",
  strategy: "stepwise",
  inlineForeignKeys: false,
  lengthFunction: "char_length",
  textType: "char",
  dataType: (column) => sql.raw(nativeType(column)),
  primaryKey: (column) => column.primaryKey().autoIncrement(),
  introspect: introspectMysql,
  async alterColumn(db, table, _from, to) {
    await db.schema
      .alterTable(table)
      .modifyColumn(to.name, sql.raw(nativeType(to)), (c) => definition(to, c))
      .execute();
  },
  async dropForeignKey(db, table, name) {
    await sql`alter table ${sql.table(table)} drop foreign key ${sql.id(name)}`.execute(db);
  },
  async dropIndex(db, table, name) {
    await db.schema.dropIndex(name).on(table).execute();
  },
};
