/**
 * A dialect-neutral description of tables. The wanted schema is built from the spec,
 * the current schema is introspected from the database, and the migration planner
 * compares the two. Types are logical (as in the spec), never native SQL names.
 */
export type ColumnType =
  | "string"
  | "text"
  | "integer"
  | "bigint"
  | "float"
  | "decimal"
  | "boolean"
  | "date"
  | "datetime"
  | "time"
  | "json"
  | "uuid"
  | "binary";

export type ColumnDefault = string | number | boolean | null;

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly maxLength?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** A literal default; absent when the column has none. */
  readonly default?: ColumnDefault;
  /** The integer auto-increment primary key `id`. */
  readonly primaryKey: boolean;
}

export interface IndexSchema {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export type ForeignKeyAction = "cascade" | "restrict" | "set null";

export interface ForeignKeySchema {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ForeignKeyAction;
}

export interface TableSchema {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  readonly indexes: readonly IndexSchema[];
  readonly foreignKeys: readonly ForeignKeySchema[];
}

export interface DatabaseSchema {
  readonly tables: ReadonlyMap<string, TableSchema>;
}
