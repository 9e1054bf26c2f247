import type { DialectName } from "../database.js";
import type { DialectAdapter } from "./dialect-adapter.js";
import { mysqlAdapter } from "./mysql-adapter.js";
import { postgresAdapter } from "./postgres-adapter.js";
import { sqliteAdapter } from "./sqlite-adapter.js";

export function adapterFor(dialect: DialectName): DialectAdapter {
  switch (dialect) {
    case "sqlite":
      return sqliteAdapter;
    case "postgres":
      return postgresAdapter;
    case "mysql":
      return mysqlAdapter;
  }
}
