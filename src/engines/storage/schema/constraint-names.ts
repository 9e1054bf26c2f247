import { createHash } from "node:crypto";

/**
 * Deterministic names for indexes and constraints, derived from the table and columns
 * so that the wanted schema and every introspected database agree on them (SQLite does
 * not even keep foreign-key names). PostgreSQL cuts identifiers at 63 bytes and MySQL
 * refuses more than 64, so long names keep a prefix and end in a hash of the whole.
 */
export const MAX_IDENTIFIER_LENGTH = 63;

export function boundedName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_LENGTH) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 10);
  let prefix = name.slice(0, MAX_IDENTIFIER_LENGTH - hash.length - 1);
  while (Buffer.byteLength(prefix) > MAX_IDENTIFIER_LENGTH - hash.length - 1) {
    prefix = prefix.slice(0, -1);
  }
  return `${prefix}_${hash}`;
}

function joined(kind: string, table: string, columns: readonly string[]): string {
  return boundedName(`${kind}_${table}_${columns.join("_")}`);
}

export function indexName(table: string, columns: readonly string[]): string {
  return joined("ix", table, columns);
}

export function uniqueIndexName(table: string, columns: readonly string[]): string {
  return joined("uq", table, columns);
}

export function foreignKeyName(table: string, columns: readonly string[]): string {
  return joined("fk", table, columns);
}
