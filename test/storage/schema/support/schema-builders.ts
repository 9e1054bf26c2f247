import type {
  ColumnSchema,
  DatabaseSchema,
  ForeignKeySchema,
  IndexSchema,
  TableSchema,
} from "../../../../src/engines/storage/schema/index.js";
import {
  foreignKeyName,
  indexName,
  uniqueIndexName,
} from "../../../../src/engines/storage/schema/index.js";

/** Small builders for hand-made schemas in pure planner tests. */
export function column(
  name: string,
  type: ColumnSchema["type"],
  extra: Partial<ColumnSchema> = {},
): ColumnSchema {
  return { name, type, nullable: true, primaryKey: false, ...extra };
}

export const ID: ColumnSchema = { name: "id", type: "integer", nullable: false, primaryKey: true };

export function index(table: string, columns: string[], unique = false): IndexSchema {
  return {
    name: unique ? uniqueIndexName(table, columns) : indexName(table, columns),
    columns,
    unique,
  };
}

export function foreignKey(
  table: string,
  columnName: string,
  target: string,
  onDelete: ForeignKeySchema["onDelete"] = "restrict",
): ForeignKeySchema {
  return {
    name: foreignKeyName(table, [columnName]),
    columns: [columnName],
    referencedTable: target,
    referencedColumns: ["id"],
    onDelete,
  };
}

export function table(
  name: string,
  columns: ColumnSchema[],
  extra: { indexes?: IndexSchema[]; foreignKeys?: ForeignKeySchema[] } = {},
): TableSchema {
  return {
    name,
    columns: [ID, ...columns],
    indexes: extra.indexes ?? [],
    foreignKeys: extra.foreignKeys ?? [],
  };
}

export function schema(...tables: TableSchema[]): DatabaseSchema {
  return { tables: new Map(tables.map((t) => [t.name, t])) };
}
