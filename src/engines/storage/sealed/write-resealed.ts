import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DialectName, DynamicDatabase } from "../database.js";
import { hashColumnOf, type SealedTable } from "./sealed-columns.js";

type Row = Record<string, unknown>;

/** A row as rotation read it, and the columns it sets (resealed values, new hashes). */
export interface ResealedRow {
  readonly read: Row;
  readonly set: Row;
}

/** Bound parameters per statement at most: under every backend's limit. */
const MAX_PARAMETERS = 30_000;

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * Writes rows rotation resealed, one statement per chunk: a row is written only if every
 * encrypted column still holds what was read, so a row a writer changed meanwhile is
 * left alone (the next pass looks at it again). Columns a row does not reseal are set
 * to the value read (no change), hash columns it does not set keep theirs. Answers how
 * many rows were written.
 *
 * PostgreSQL and SQLite join the table to a `VALUES` list on id; MySQL sets each
 * column with `CASE id` and matches rows by `(id, columns read)`, through the primary
 * key so only those rows are locked.
 */
export async function writeResealed(
  db: Kysely<DynamicDatabase>,
  dialect: DialectName,
  table: SealedTable,
  rows: readonly ResealedRow[],
): Promise<number> {
  const columns = table.fields.map((field) => field.name);
  const hashes = table.fields.flatMap((field) => hashColumnOf(field) ?? []);
  const perRow = 1 + 2 * columns.length + hashes.length;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
  let written = 0;
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const statement =
      dialect === "mysql"
        ? caseUpdate(table.table, columns, hashes, chunk)
        : valuesUpdate(dialect, table.table, columns, hashes, chunk);
    const result = await statement.execute(db);
    written += Number(result.numAffectedRows ?? 0n);
  }
  return written;
}

/** `UPDATE t SET c = v.new_c ... FROM (VALUES (id, old_c, new_c, ..., hash)) v WHERE ...`. */
function valuesUpdate(
  dialect: DialectName,
  table: string,
  columns: readonly string[],
  hashes: readonly string[],
  rows: readonly ResealedRow[],
): RawBuilder<unknown> {
  const postgres = dialect === "postgres";
  // SQLite names a VALUES list's columns column1, column2, ...; PostgreSQL takes names.
  const names = [
    "id",
    ...columns.flatMap((column) => [`old_${column}`, `new_${column}`]),
    ...hashes.map((hash) => `new_${hash}`),
  ];
  const ref = (name: string) =>
    sql.ref(`v.${postgres ? name : `column${String(names.indexOf(name) + 1)}`}`);
  const cell = (value: string | null) => (postgres ? sql`CAST(${value} AS text)` : sql`${value}`);
  const tuples = rows.map(({ read, set }) => {
    const id = Number(read.id);
    const cells = [
      postgres ? sql`CAST(${id} AS integer)` : sql`${id}`,
      ...columns.flatMap((column) => [
        cell(text(read[column])),
        cell(text(set[column] ?? read[column])),
      ]),
      ...hashes.map((hash) => cell(text(set[hash]))),
    ];
    return sql`(${sql.join(cells)})`;
  });
  const alias = postgres ? sql`v(${sql.join(names.map((name) => sql.ref(name)))})` : sql`v`;
  const assignments = [
    ...columns.map((column) => sql`${sql.ref(column)} = ${ref(`new_${column}`)}`),
    ...hashes.map(
      (hash) =>
        sql`${sql.ref(hash)} = COALESCE(${ref(`new_${hash}`)}, ${sql.ref(`${table}.${hash}`)})`,
    ),
  ];
  const same = postgres ? sql`IS NOT DISTINCT FROM` : sql`IS`;
  const unchanged = columns.map(
    (column) => sql`${sql.ref(`${table}.${column}`)} ${same} ${ref(`old_${column}`)}`,
  );
  return sql`UPDATE ${sql.table(table)} SET ${sql.join(assignments)} FROM (VALUES ${sql.join(
    tuples,
  )}) AS ${alias} WHERE ${sql.ref(`${table}.id`)} = ${ref("id")} AND ${sql.join(unchanged, sql` AND `)}`;
}

/** `UPDATE t SET c = CASE id WHEN ... END ... WHERE (id = ? AND c <=> ? ...) OR ...`. */
function caseUpdate(
  table: string,
  columns: readonly string[],
  hashes: readonly string[],
  rows: readonly ResealedRow[],
): RawBuilder<unknown> {
  const id = (row: ResealedRow) => Number(row.read.id);
  const setTo = (column: string, value: (row: ResealedRow) => string | null) =>
    sql`${sql.ref(column)} = CASE ${sql.ref("id")} ${sql.join(
      rows.map((row) => sql`WHEN ${id(row)} THEN ${value(row)}`),
      sql` `,
    )} END`;
  const assignments = [
    ...columns.map((column) => setTo(column, (row) => text(row.set[column] ?? row.read[column]))),
    // A row that sets no hash (its searchable value was already under the key) keeps its own.
    ...hashes.map(
      (hash) =>
        sql`${sql.ref(hash)} = COALESCE(CASE ${sql.ref("id")} ${sql.join(
          rows.map((row) => sql`WHEN ${id(row)} THEN ${text(row.set[hash])}`),
          sql` `,
        )} END, ${sql.ref(hash)})`,
    ),
  ];
  const matches = rows.map(
    (row) =>
      sql`(${sql.ref("id")} = ${id(row)} AND ${sql.join(
        columns.map((column) => sql`${sql.ref(column)} <=> ${text(row.read[column])}`),
        sql` AND `,
      )})`,
  );
  return sql`UPDATE ${sql.table(table)} FORCE INDEX (PRIMARY) SET ${sql.join(
    assignments,
  )} WHERE ${sql.join(matches, sql` OR `)}`;
}
