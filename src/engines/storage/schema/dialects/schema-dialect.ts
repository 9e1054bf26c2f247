import type { ColumnDefinitionBuilder, Kysely, RawBuilder } from "kysely";
import type { DialectName, DynamicDatabase } from "../../database.js";
import type { ColumnSchema, DatabaseSchema } from "../schema-types.js";

/** How a dialect runs a whole plan (see apply-migration.ts). */
export type ApplyStrategy =
  /** One transaction around every step (PostgreSQL). */
  | "transaction"
  /** One transaction, tables ALTER TABLE cannot change rebuilt (SQLite). */
  | "rebuild"
  /** DDL commits on its own: steps one by one, reporting what was applied (MySQL/MariaDB). */
  | "stepwise";

/**
 * What differs between backends for schema work. One implementation per dialect file;
 * everything else (planning, ordering, measuring, history) is shared.
 */
export interface SchemaDialect {
  readonly name: DialectName;
  readonly strategy: ApplyStrategy;
  /** Whether foreign keys are declared inside CREATE TABLE (else added after the indexes). */
  readonly inlineForeignKeys: boolean;
  /** The SQL function giving a string's length in characters. */
  readonly lengthFunction: string;
  /** The type to cast a value to for its text form (`cast(x as text)`). */
  readonly textType: string;
  /** The native type a column is declared with. */
  dataType(column: ColumnSchema): RawBuilder<unknown>;
  /** Marks the auto-increment integer primary key. */
  primaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Reads every table except the migration history and the database's own. */
  introspect(db: Kysely<DynamicDatabase>): Promise<DatabaseSchema>;
  /** Changes a column's type, nullability and default in place (not used by SQLite). */
  alterColumn(
    db: Kysely<DynamicDatabase>,
    table: string,
    from: ColumnSchema,
    to: ColumnSchema,
  ): Promise<void>;
  dropForeignKey(db: Kysely<DynamicDatabase>, table: string, name: string): Promise<void>;
  dropIndex(db: Kysely<DynamicDatabase>, table: string, name: string): Promise<void>;
}
