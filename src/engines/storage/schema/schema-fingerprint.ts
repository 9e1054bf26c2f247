import { createHash } from "node:crypto";
import type { ColumnSchema, DatabaseSchema } from "./schema-types.js";

/** A plain JSON form of a schema with everything in name order, so equal schemas print equal. */
export interface CanonicalTable {
  readonly name: string;
  readonly columns: readonly Readonly<Record<string, unknown>>[];
  readonly indexes: readonly Readonly<Record<string, unknown>>[];
  readonly foreignKeys: readonly Readonly<Record<string, unknown>>[];
}

const byName = <T extends { readonly name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

function canonicalColumn(column: ColumnSchema): Record<string, unknown> {
  return {
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    primaryKey: column.primaryKey,
    ...(column.maxLength === undefined ? {} : { maxLength: column.maxLength }),
    ...(column.precision === undefined ? {} : { precision: column.precision }),
    ...(column.scale === undefined ? {} : { scale: column.scale }),
    ...(column.default === undefined ? {} : { default: column.default }),
  };
}

export function canonicalSchema(schema: DatabaseSchema): CanonicalTable[] {
  return [...schema.tables.values()].sort(byName).map((table) => ({
    name: table.name,
    columns: [...table.columns].sort(byName).map(canonicalColumn),
    indexes: [...table.indexes]
      .sort(byName)
      .map((i) => ({ name: i.name, columns: [...i.columns], unique: i.unique })),
    foreignKeys: [...table.foreignKeys].sort(byName).map((f) => ({
      name: f.name,
      columns: [...f.columns],
      referencedTable: f.referencedTable,
      referencedColumns: [...f.referencedColumns],
      onDelete: f.onDelete,
    })),
  }));
}

/** sha256 of the canonical JSON: equal for schemas the planner sees as equal. */
export function schemaFingerprint(schema: DatabaseSchema): string {
  return createHash("sha256")
    .update(JSON.stringify(canonicalSchema(schema)))
    .digest("hex");
}
