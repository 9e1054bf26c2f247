import type { Kysely } from "kysely";
import type { DialectName, DynamicDatabase } from "../database.js";
import { updateTextById } from "../records/update-text-by-id.js";
import { hashColumnOf, type SealedTable } from "./sealed-columns.js";

type Row = Record<string, unknown>;

/** A row as rotation read it, and the columns it sets (resealed values, new hashes). */
export interface ResealedRow {
  readonly read: Row;
  readonly set: Row;
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * Writes rows rotation resealed (see updateTextById): a row is written only if every
 * encrypted column still holds what was read, so a row a writer changed meanwhile is
 * left alone (the next pass looks at it again). Columns a row does not reseal are set
 * to the value read (no change), hash columns it does not set keep theirs. Answers how
 * many rows were written.
 */
export function writeResealed(
  db: Kysely<DynamicDatabase>,
  dialect: DialectName,
  table: SealedTable,
  rows: readonly ResealedRow[],
): Promise<number> {
  const columns = table.fields.map((field) => field.name);
  const hashes = table.fields.flatMap((field) => hashColumnOf(field) ?? []);
  return updateTextById(
    db,
    dialect,
    table.table,
    { set: [...columns, ...hashes], keepWhenNull: hashes, guard: columns },
    rows.map(({ read, set }) => ({
      id: Number(read.id),
      values: [
        ...columns.map((column) => text(set[column] ?? read[column])),
        ...hashes.map((hash) => text(set[hash])),
      ],
      expected: columns.map((column) => text(read[column])),
    })),
  );
}
