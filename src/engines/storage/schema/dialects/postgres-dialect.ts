import { sql } from "kysely";
import { typeNarrowing } from "../column-change.js";
import type { ColumnSchema } from "../schema-types.js";
import { introspectPostgres } from "./postgres-introspection.js";
import type { SchemaDialect } from "./schema-dialect.js";

function nativeType(column: ColumnSchema): string {
  switch (column.type) {
    case "string":
      return `varchar(${String(column.maxLength ?? 255)})`;
    case "decimal":
      return `numeric(${String(column.precision ?? 18)}, ${String(column.scale ?? 0)})`;
    case "float":
      return "double precision";
    case "datetime":
      return "timestamptz";
    case "json":
      return "jsonb";
    case "binary":
      return "bytea";
    case "text":
    case "integer":
    case "bigint":
    case "boolean":
    case "date":
    case "time":
    case "uuid":
      return column.type;
  }
}

/**
 * What a value passes through on its way to the new type: text for types without a
 * direct cast (and for narrowed strings, since an explicit cast to varchar(n) cuts
 * longer values), integer for booleans (PostgreSQL casts boolean only to integer).
 */
function castPath(from: ColumnSchema, to: ColumnSchema) {
  const numeric = ["integer", "bigint", "float", "decimal"].includes(to.type);
  if (from.type === "boolean" && numeric) return sql`::integer`;
  const narrowing = typeNarrowing(from, to)?.kind;
  return narrowing === "incompatible" || narrowing === "length" ? sql`::text` : sql``;
}

/** PostgreSQL: transactional DDL, so the whole plan commits or nothing does. */
export const postgresSchemaDialect: SchemaDialect = {
  name: "postgres",
  strategy: "transaction",
  inlineForeignKeys: false,
  lengthFunction: "char_length",
  textType: "text",
  dataType: (column) => sql.raw(nativeType(column)),
  primaryKey: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
  introspect: introspectPostgres,
  async alterColumn(db, table, from, to) {
    const alter = () => db.schema.alterTable(table);
    const typeChanged = nativeType(from) !== nativeType(to);
    // Types without a direct cast convert through their text form (value by value, or fail).
    const viaText = castPath(from, to);
    if (from.default !== undefined && (typeChanged || to.default === undefined)) {
      await alter()
        .alterColumn(to.name, (c) => c.dropDefault())
        .execute();
    }
    if (typeChanged) {
      // Kysely's setDataType has no USING clause, which conversions such as text -> integer need.
      const type = sql.raw(nativeType(to));
      await sql`alter table ${sql.table(table)} alter column ${sql.ref(to.name)} type ${type} using ${sql.ref(to.name)}${viaText}::${type}`.execute(
        db,
      );
    }
    if (from.nullable !== to.nullable) {
      await alter()
        .alterColumn(to.name, (c) => (to.nullable ? c.dropNotNull() : c.setNotNull()))
        .execute();
    }
    if (to.default !== undefined && (typeChanged || to.default !== from.default)) {
      const value = to.default;
      await alter()
        .alterColumn(to.name, (c) => c.setDefault(value))
        .execute();
    }
  },
  async dropForeignKey(db, table, name) {
    await db.schema.alterTable(table).dropConstraint(name).execute();
  },
  async dropIndex(db, _table, name) {
    await db.schema.dropIndex(name).execute();
  },
};
