import { sql, type Kysely } from "kysely";
import type { DynamicDatabase } from "../../database.js";
import { assembleSchema, foreignKeyAction } from "../assemble-schema.js";
import { parseDefaultLiteral } from "../column-defaults.js";
import type { ColumnSchema, ColumnType, DatabaseSchema } from "../schema-types.js";

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  column_type: string;
  max_length: number | string | null;
  numeric_precision: number | string | null;
  numeric_scale: number | string | null;
  is_nullable: string;
  column_default: string | null;
  column_key: string;
  extra: string;
}

function logicalType(row: ColumnRow, jsonColumns: ReadonlySet<string>): ColumnType {
  switch (row.data_type.toLowerCase()) {
    case "varchar":
      return "string";
    case "char":
      return Number(row.max_length) === 36 ? "uuid" : "string";
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
      // MariaDB stores json as longtext guarded by a json_valid() check.
      return jsonColumns.has(`${row.table_name}.${row.column_name}`) ? "json" : "text";
    case "json":
      return "json";
    case "tinyint":
      return row.column_type.toLowerCase().startsWith("tinyint(1)") ? "boolean" : "integer";
    case "smallint":
    case "mediumint":
    case "int":
    case "integer":
      return "integer";
    case "bigint":
      return "bigint";
    case "double":
    case "float":
    case "real":
      return "float";
    case "decimal":
    case "numeric":
      return "decimal";
    case "date":
      return "date";
    case "datetime":
    case "timestamp":
      return "datetime";
    case "time":
      return "time";
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
    case "binary":
    case "varbinary":
      return "binary";
    default:
      return "text";
  }
}

function toColumn(row: ColumnRow, jsonColumns: ReadonlySet<string>): ColumnSchema {
  const type = logicalType(row, jsonColumns);
  const primaryKey = row.column_key === "PRI" && row.extra.includes("auto_increment");
  const fallback = primaryKey ? undefined : parseDefaultLiteral(row.column_default, type);
  return {
    name: row.column_name,
    type,
    nullable: row.is_nullable === "YES",
    primaryKey,
    ...(type === "string" && row.max_length !== null ? { maxLength: Number(row.max_length) } : {}),
    ...(type === "decimal"
      ? { precision: Number(row.numeric_precision ?? 0), scale: Number(row.numeric_scale ?? 0) }
      : {}),
    ...(fallback === undefined ? {} : { default: fallback }),
  };
}

/** `table.column` of MariaDB json columns (longtext with a json_valid check). */
async function jsonCheckedColumns(db: Kysely<DynamicDatabase>): Promise<Set<string>> {
  try {
    const checks = await sql<{ table_name: string; check_clause: string }>`
      select TABLE_NAME as table_name, CHECK_CLAUSE as check_clause
      from information_schema.CHECK_CONSTRAINTS
      where CONSTRAINT_SCHEMA = database()`.execute(db);
    const result = new Set<string>();
    for (const check of checks.rows) {
      const match = /^json_valid\(`([^`]+)`\)$/i.exec(check.check_clause.trim());
      if (match?.[1] !== undefined) result.add(`${check.table_name}.${match[1]}`);
    }
    return result;
  } catch {
    // MySQL 8 has a native json type and no TABLE_NAME in CHECK_CONSTRAINTS.
    return new Set();
  }
}

/** Reads the current schema from information_schema of the connection's database. */
export async function introspectMysql(db: Kysely<DynamicDatabase>): Promise<DatabaseSchema> {
  const jsonColumns = await jsonCheckedColumns(db);
  const columns = await sql<ColumnRow>`
    select c.TABLE_NAME as table_name, c.COLUMN_NAME as column_name, c.DATA_TYPE as data_type,
      c.COLUMN_TYPE as column_type, c.CHARACTER_MAXIMUM_LENGTH as max_length,
      c.NUMERIC_PRECISION as numeric_precision, c.NUMERIC_SCALE as numeric_scale,
      c.IS_NULLABLE as is_nullable, c.COLUMN_DEFAULT as column_default,
      c.COLUMN_KEY as column_key, c.EXTRA as extra
    from information_schema.COLUMNS c
    join information_schema.TABLES t
      on t.TABLE_SCHEMA = c.TABLE_SCHEMA and t.TABLE_NAME = c.TABLE_NAME
    where c.TABLE_SCHEMA = database() and t.TABLE_TYPE = 'BASE TABLE'
    order by c.TABLE_NAME, c.ORDINAL_POSITION`.execute(db);

  const indexes = await sql<{
    table_name: string;
    index_name: string;
    non_unique: number | string;
    column_name: string;
  }>`
    select TABLE_NAME as table_name, INDEX_NAME as index_name, NON_UNIQUE as non_unique,
      COLUMN_NAME as column_name
    from information_schema.STATISTICS
    where TABLE_SCHEMA = database() and INDEX_NAME <> 'PRIMARY'
    order by TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`.execute(db);

  const keys = await sql<{
    table_name: string;
    name: string;
    delete_rule: string;
    referenced_table: string;
    column_name: string;
    referenced_column: string;
  }>`
    select k.TABLE_NAME as table_name, k.CONSTRAINT_NAME as name, r.DELETE_RULE as delete_rule,
      r.REFERENCED_TABLE_NAME as referenced_table, k.COLUMN_NAME as column_name,
      k.REFERENCED_COLUMN_NAME as referenced_column
    from information_schema.REFERENTIAL_CONSTRAINTS r
    join information_schema.KEY_COLUMN_USAGE k
      on k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA and k.CONSTRAINT_NAME = r.CONSTRAINT_NAME
        and k.TABLE_NAME = r.TABLE_NAME
    where r.CONSTRAINT_SCHEMA = database()
    order by k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`.execute(db);

  return assembleSchema(
    columns.rows.map((row) => ({ table: row.table_name, column: toColumn(row, jsonColumns) })),
    indexes.rows.map((row) => ({
      table: row.table_name,
      name: row.index_name,
      unique: Number(row.non_unique) === 0,
      column: row.column_name,
    })),
    keys.rows.map((row) => ({
      table: row.table_name,
      name: row.name,
      column: row.column_name,
      referencedTable: row.referenced_table,
      referencedColumn: row.referenced_column,
      onDelete: foreignKeyAction(row.delete_rule),
    })),
  );
}
