import { sql } from "kysely";
import type { ColumnSchema } from "../schema-types.js";
import type { SchemaDialect } from "./schema-dialect.js";
import { introspectSqlite } from "./sqlite-introspection.js";

/** Declared types chosen so `parseDeclaredType` reads every logical type back. */
function declaredType(column: ColumnSchema): string {
  switch (column.type) {
    case "string":
      return `varchar(${String(column.maxLength ?? 255)})`;
    case "decimal":
      return `decimal(${String(column.precision ?? 18)}, ${String(column.scale ?? 0)})`;
    case "float":
      return "double";
    case "binary":
      return "blob";
    case "text":
    case "integer":
    case "bigint":
    case "boolean":
    case "date":
    case "datetime":
    case "time":
    case "json":
    case "uuid":
      return column.type;
  }
}

function rebuildOnly(): never {
  throw new Error("SQLite changes this by rebuilding the table");
}

export const sqliteSchemaDialect: SchemaDialect = {
  name: "sqlite",
  strategy: "rebuild",
  inlineForeignKeys: true,
  lengthFunction: "length",
  textType: "text",
  dataType: (column) => sql.raw(declaredType(column)),
  primaryKey: (column) => column.primaryKey().autoIncrement(),
  introspect: introspectSqlite,
  alterColumn: rebuildOnly,
  dropForeignKey: rebuildOnly,
  async dropIndex(db, _table, name) {
    await db.schema.dropIndex(name).execute();
  },
};
