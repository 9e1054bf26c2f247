import { sql, type Kysely } from "kysely";
import type { DynamicDatabase } from "../../database.js";
import {
  assembleSchema,
  foreignKeyAction,
  isIgnoredTable,
  type ForeignKeyColumnRow,
  type IndexColumnRow,
} from "../assemble-schema.js";
import { parseDefaultLiteral } from "../column-defaults.js";
import { foreignKeyName } from "../constraint-names.js";
import type { ColumnSchema, ColumnType, DatabaseSchema } from "../schema-types.js";

interface DeclaredType {
  readonly type: ColumnType;
  readonly maxLength?: number;
  readonly precision?: number;
  readonly scale?: number;
}

/**
 * SQLite keeps only the declared type text, so tables are created with distinctive
 * names (`varchar(20)`, `datetime`, `json`...) and read back from it here.
 */
export function parseDeclaredType(declared: string): DeclaredType {
  const text = declared.trim().toLowerCase();
  const match = /^([a-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(text);
  const base = match?.[1] ?? text;
  const first = match?.[2] === undefined ? undefined : Number(match[2]);
  const second = match?.[3] === undefined ? undefined : Number(match[3]);
  switch (base) {
    case "varchar":
    case "character varying":
    case "char":
    case "character":
    case "nvarchar":
      return first === undefined ? { type: "string" } : { type: "string", maxLength: first };
    case "integer":
    case "int":
    case "smallint":
    case "mediumint":
      return { type: "integer" };
    case "bigint":
      return { type: "bigint" };
    case "double":
    case "double precision":
    case "real":
    case "float":
      return { type: "float" };
    case "decimal":
    case "numeric":
      return { type: "decimal", precision: first ?? 18, scale: second ?? 0 };
    case "boolean":
    case "bool":
      return { type: "boolean" };
    case "date":
      return { type: "date" };
    case "datetime":
    case "timestamp":
    case "timestamptz":
      return { type: "datetime" };
    case "time":
      return { type: "time" };
    case "json":
    case "jsonb":
      return { type: "json" };
    case "uuid":
      return { type: "uuid" };
    case "blob":
    case "bytea":
    case "binary":
      return { type: "binary" };
    default:
      return { type: "text" };
  }
}

interface TableInfoRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** Reads tables through `pragma_table_info`, `pragma_index_list` and `pragma_foreign_key_list`. */
export async function introspectSqlite(db: Kysely<DynamicDatabase>): Promise<DatabaseSchema> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' order by name`.execute(db);
  const columns: { table: string; column: ColumnSchema }[] = [];
  const indexColumns: IndexColumnRow[] = [];
  const keyColumns: ForeignKeyColumnRow[] = [];
  for (const { name: table } of tables.rows) {
    if (isIgnoredTable(table)) continue;
    const info = await sql<TableInfoRow>`select * from pragma_table_info(${table})`.execute(db);
    const pkCount = info.rows.filter((row) => row.pk > 0).length;
    for (const row of info.rows) {
      const declared = parseDeclaredType(row.type);
      const primaryKey = row.pk > 0 && pkCount === 1 && declared.type === "integer";
      const fallback = parseDefaultLiteral(row.dflt_value, declared.type);
      columns.push({
        table,
        column: {
          name: row.name,
          ...declared,
          nullable: !primaryKey && row.notnull === 0,
          primaryKey,
          ...(fallback === undefined ? {} : { default: fallback }),
        },
      });
    }
    const indexes = await sql<{ name: string; unique: number; origin: string }>`
      select name, "unique", origin from pragma_index_list(${table}) order by name`.execute(db);
    for (const index of indexes.rows) {
      if (index.origin === "pk") continue;
      const parts = await sql<{ name: string }>`
        select name from pragma_index_info(${index.name}) order by seqno`.execute(db);
      for (const part of parts.rows) {
        indexColumns.push({
          table,
          name: index.name,
          unique: index.unique === 1,
          column: part.name,
        });
      }
    }
    const keys = await sql<{
      id: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }>`
      select id, "table", "from", "to", on_delete from pragma_foreign_key_list(${table})
      order by id, seq`.execute(db);
    const byId = new Map<number, (typeof keys.rows)[number][]>();
    for (const row of keys.rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
    for (const parts of byId.values()) {
      // SQLite forgets constraint names; the names are derived from the columns anyway.
      const name = foreignKeyName(
        table,
        parts.map((part) => part.from),
      );
      for (const part of parts) {
        keyColumns.push({
          table,
          name,
          column: part.from,
          referencedTable: part.table,
          referencedColumn: part.to,
          onDelete: foreignKeyAction(part.on_delete),
        });
      }
    }
  }
  return assembleSchema(columns, indexColumns, keyColumns);
}
