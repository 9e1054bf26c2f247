import { MIGRATION_HISTORY_TABLE } from "../naming.js";
import type {
  ColumnSchema,
  DatabaseSchema,
  ForeignKeyAction,
  ForeignKeySchema,
  IndexSchema,
  TableSchema,
} from "./schema-types.js";

/**
 * Introspection queries return one row per column, per indexed column and per
 * foreign-key column; these helpers group them into tables the same way on every
 * dialect.
 */
export interface IndexColumnRow {
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly column: string;
}

export interface ForeignKeyColumnRow {
  readonly table: string;
  readonly name: string;
  readonly column: string;
  readonly referencedTable: string;
  readonly referencedColumn: string;
  readonly onDelete: ForeignKeyAction;
}

/** Tables introspection leaves out: the migration history. */
export function isIgnoredTable(name: string): boolean {
  return name === MIGRATION_HISTORY_TABLE || name.startsWith("sqlite_");
}

/** `CASCADE`, `SET NULL`, `NO ACTION`... as the logical action; no action behaves as restrict. */
export function foreignKeyAction(rule: string): ForeignKeyAction {
  const normalized = rule.trim().toLowerCase().replace(/_/g, " ");
  if (normalized === "cascade" || normalized === "c") return "cascade";
  if (normalized === "set null" || normalized === "n") return "set null";
  return "restrict";
}

type MutableKey = ForeignKeySchema & { columns: string[]; referencedColumns: string[] };

/** Rows must come ordered by table, then by position within a column list. */
export function assembleSchema(
  columns: readonly { readonly table: string; readonly column: ColumnSchema }[],
  indexColumns: readonly IndexColumnRow[],
  foreignKeyColumns: readonly ForeignKeyColumnRow[],
): DatabaseSchema {
  const columnsByTable = new Map<string, ColumnSchema[]>();
  for (const row of columns) {
    if (isIgnoredTable(row.table)) continue;
    const list = columnsByTable.get(row.table) ?? [];
    list.push(row.column);
    columnsByTable.set(row.table, list);
  }
  const indexes = new Map<string, Map<string, { unique: boolean; columns: string[] }>>();
  for (const row of indexColumns) {
    const byName =
      indexes.get(row.table) ?? new Map<string, { unique: boolean; columns: string[] }>();
    const index = byName.get(row.name) ?? { unique: row.unique, columns: [] };
    index.columns.push(row.column);
    byName.set(row.name, index);
    indexes.set(row.table, byName);
  }
  const keys = new Map<string, Map<string, MutableKey>>();
  for (const row of foreignKeyColumns) {
    const byName = keys.get(row.table) ?? new Map<string, MutableKey>();
    const key: MutableKey = byName.get(row.name) ?? {
      name: row.name,
      columns: [],
      referencedTable: row.referencedTable,
      referencedColumns: [],
      onDelete: row.onDelete,
    };
    key.columns.push(row.column);
    key.referencedColumns.push(row.referencedColumn);
    byName.set(row.name, key);
    keys.set(row.table, byName);
  }
  const tables = new Map<string, TableSchema>();
  for (const [name, tableColumns] of [...columnsByTable].sort(([a], [b]) => a.localeCompare(b))) {
    const tableKeys = [...(keys.get(name)?.values() ?? [])].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const keyNames = new Set(tableKeys.map((k) => k.name));
    const tableIndexes: IndexSchema[] = [
      ...(indexes.get(name) ?? new Map<string, { unique: boolean; columns: string[] }>()),
    ]
      .filter(([indexName]) => !keyNames.has(indexName))
      .map(([indexName, index]) => ({
        name: indexName,
        columns: index.columns,
        unique: index.unique,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    tables.set(name, {
      name,
      columns: tableColumns,
      indexes: tableIndexes,
      foreignKeys: tableKeys,
    });
  }
  return { tables };
}
