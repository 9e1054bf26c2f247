import { sql, type Kysely } from "kysely";
import type { DynamicDatabase } from "../../database.js";
import { assembleSchema, foreignKeyAction } from "../assemble-schema.js";
import { parseDefaultLiteral } from "../column-defaults.js";
import type { ColumnSchema, ColumnType, DatabaseSchema } from "../schema-types.js";

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  character_maximum_length: number | string | null;
  numeric_precision: number | string | null;
  numeric_scale: number | string | null;
  is_nullable: string;
  column_default: string | null;
  is_primary: boolean;
}

function logicalType(dataType: string): ColumnType {
  switch (dataType) {
    case "character varying":
    case "character":
      return "string";
    case "integer":
    case "smallint":
      return "integer";
    case "bigint":
      return "bigint";
    case "double precision":
    case "real":
      return "float";
    case "numeric":
      return "decimal";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "timestamp with time zone":
    case "timestamp without time zone":
      return "datetime";
    case "time without time zone":
    case "time with time zone":
      return "time";
    case "json":
    case "jsonb":
      return "json";
    case "uuid":
      return "uuid";
    case "bytea":
      return "binary";
    default:
      return "text";
  }
}

function toColumn(row: ColumnRow): ColumnSchema {
  const type = logicalType(row.data_type);
  const primaryKey = row.is_primary && type === "integer";
  const fallback = primaryKey ? undefined : parseDefaultLiteral(row.column_default, type);
  return {
    name: row.column_name,
    type,
    nullable: row.is_nullable === "YES",
    primaryKey,
    ...(type === "string" && row.character_maximum_length !== null
      ? { maxLength: Number(row.character_maximum_length) }
      : {}),
    ...(type === "decimal"
      ? { precision: Number(row.numeric_precision ?? 0), scale: Number(row.numeric_scale ?? 0) }
      : {}),
    ...(fallback === undefined ? {} : { default: fallback }),
  };
}

/** Reads the current schema from information_schema and pg_catalog. */
export async function introspectPostgres(db: Kysely<DynamicDatabase>): Promise<DatabaseSchema> {
  const columns = await sql<ColumnRow>`
    select c.table_name, c.column_name, c.data_type, c.character_maximum_length,
      c.numeric_precision, c.numeric_scale, c.is_nullable, c.column_default,
      exists (
        select 1 from pg_index ix
        join pg_class t on t.oid = ix.indrelid
        join pg_namespace n on n.oid = t.relnamespace
        join pg_attribute a on a.attrelid = t.oid and a.attnum = any(ix.indkey)
        where ix.indisprimary and n.nspname = c.table_schema and t.relname = c.table_name
          and a.attname = c.column_name and array_length(ix.indkey, 1) = 1
      ) as is_primary
    from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);

  const indexes = await sql<{
    table_name: string;
    index_name: string;
    is_unique: boolean;
    column_name: string;
  }>`
    select t.relname as table_name, i.relname as index_name, ix.indisunique as is_unique,
      a.attname as column_name
    from pg_index ix
    join pg_class i on i.oid = ix.indexrelid
    join pg_class t on t.oid = ix.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    cross join lateral unnest(ix.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
    where n.nspname = current_schema() and not ix.indisprimary
    order by t.relname, i.relname, k.ord`.execute(db);

  const keys = await sql<{
    table_name: string;
    name: string;
    on_delete: string;
    referenced_table: string;
    column_name: string;
    referenced_column: string;
  }>`
    select cl.relname as table_name, con.conname as name, con.confdeltype as on_delete,
      ref.relname as referenced_table, a.attname as column_name, ra.attname as referenced_column
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_class ref on ref.oid = con.confrelid
    join pg_namespace n on n.oid = cl.relnamespace
    cross join lateral unnest(con.conkey, con.confkey) with ordinality as k(attnum, refnum, ord)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
    join pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = k.refnum
    where con.contype = 'f' and n.nspname = current_schema()
    order by cl.relname, con.conname, k.ord`.execute(db);

  return assembleSchema(
    columns.rows.map((row) => ({ table: row.table_name, column: toColumn(row) })),
    indexes.rows.map((row) => ({
      table: row.table_name,
      name: row.index_name,
      unique: row.is_unique,
      column: row.column_name,
    })),
    keys.rows.map((row) => ({
      table: row.table_name,
      name: row.name,
      column: row.column_name,
      referencedTable: row.referenced_table,
      referencedColumn: row.referenced_column,
      onDelete: foreignKeyAction(row.on_delete),
    })),
  );
}
