import type { Database } from "../database.js";
import { schemaDialectFor } from "./dialects/schema-dialects.js";
import type { DatabaseSchema } from "./schema-types.js";

/**
 * The database's tables in logical terms, comparable with `wantedSchema`. Leaves out
 * the migration history and the database's own tables.
 */
export function introspectSchema(database: Database): Promise<DatabaseSchema> {
  return schemaDialectFor(database.dialect).introspect(database.db);
}
