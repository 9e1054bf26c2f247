import type { DialectName } from "../../database.js";
import { mysqlSchemaDialect } from "./mysql-dialect.js";
import { postgresSchemaDialect } from "./postgres-dialect.js";
import type { SchemaDialect } from "./schema-dialect.js";
import { sqliteSchemaDialect } from "./sqlite-dialect.js";

const DIALECTS: Readonly<Record<DialectName, SchemaDialect>> = {
  sqlite: sqliteSchemaDialect,
  postgres: postgresSchemaDialect,
  mysql: mysqlSchemaDialect,
};

export function schemaDialectFor(name: DialectName): SchemaDialect {
  return DIALECTS[name];
}
