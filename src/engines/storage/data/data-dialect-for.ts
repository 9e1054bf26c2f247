import type { DialectName } from "../database.js";
import type { DataDialect } from "./data-dialect.js";
import { mysqlDataDialect } from "./mysql-data-dialect.js";
import { postgresDataDialect } from "./postgres-data-dialect.js";
import { sqliteDataDialect } from "./sqlite-data-dialect.js";

export function dataDialectFor(dialect: DialectName): DataDialect {
  switch (dialect) {
    case "sqlite":
      return sqliteDataDialect;
    case "postgres":
      return postgresDataDialect;
    case "mysql":
      return mysqlDataDialect;
  }
}
