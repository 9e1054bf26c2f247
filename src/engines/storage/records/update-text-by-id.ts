import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DialectName, DynamicDatabase } from "../database.js";

/** The columns a batch writes, and the ones a row must still hold to be written. */
export interface TextColumns {
  /** Columns set from each row's `values`, in order. */
  readonly set: readonly string[];
  /** Of `set`, the columns a row's null leaves as they are (rather than clearing them). */
  readonly keepWhenNull?: readonly string[];
  /** Columns a row is written only if they still hold its `expected` values (null: NULL). */
  readonly guard?: readonly string[];
}

/** One row of a batch: its id, the text for each set column, and what guard columns hold. */
export interface TextRow {
  readonly id: number;
  readonly values: readonly (string | null)[];
  readonly expected?: readonly (string | null)[];
}

/** Bound parameters per statement at most: under every backend's limit. */
const MAX_PARAMETERS = 30_000;

/**
 * Sets text columns of many rows by id, one statement per chunk (sealed values, which
 * are bound to the row id and so written after it is known or rewritten by a rotation):
 * PostgreSQL and SQLite join the table to a `VALUES` list on id; MySQL sets each column
 * with `CASE id`, through the primary key so that only those rows are locked (on a small
 * table InnoDB would otherwise scan and lock every row, and concurrent writers would
 * deadlock). Answers how many rows were written.
 */
export async function updateTextById(
  db: Kysely<DynamicDatabase>,
  dialect: DialectName,
  table: string,
  columns: TextColumns,
  rows: readonly TextRow[],
): Promise<number> {
  const guard = columns.guard ?? [];
  const perRow = 1 + columns.set.length + guard.length;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
  let written = 0;
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const statement =
      dialect === "mysql"
        ? caseUpdate(table, columns, chunk)
        : valuesUpdate(dialect, table, columns, chunk);
    const result = await statement.execute(db);
    written += Number(result.numAffectedRows ?? 0n);
  }
  return written;
}

/** `UPDATE t SET c = v.c ... FROM (VALUES (id, c..., old_g...)) AS v WHERE t.id = v.id ...`. */
function valuesUpdate(
  dialect: DialectName,
  table: string,
  columns: TextColumns,
  rows: readonly TextRow[],
): RawBuilder<unknown> {
  const postgres = dialect === "postgres";
  const guard = columns.guard ?? [];
  const kept = new Set(columns.keepWhenNull ?? []);
  // SQLite names a VALUES list's columns column1, column2, ...; PostgreSQL takes names.
  const names = ["id", ...columns.set.map((c) => `new_${c}`), ...guard.map((c) => `old_${c}`)];
  const ref = (name: string) =>
    sql.ref(`v.${postgres ? name : `column${String(names.indexOf(name) + 1)}`}`);
  const cell = (value: string | null) => (postgres ? sql`CAST(${value} AS text)` : sql`${value}`);
  const tuples = rows.map((row) => {
    const cells = [
      postgres ? sql`CAST(${row.id} AS integer)` : sql`${row.id}`,
      ...columns.set.map((_, i) => cell(row.values[i] ?? null)),
      ...guard.map((_, i) => cell(row.expected?.[i] ?? null)),
    ];
    return sql`(${sql.join(cells)})`;
  });
  const alias = postgres ? sql`v(${sql.join(names.map((name) => sql.ref(name)))})` : sql`v`;
  const assignments = columns.set.map((column) =>
    kept.has(column)
      ? sql`${sql.ref(column)} = COALESCE(${ref(`new_${column}`)}, ${sql.ref(`${table}.${column}`)})`
      : sql`${sql.ref(column)} = ${ref(`new_${column}`)}`,
  );
  const same = postgres ? sql`IS NOT DISTINCT FROM` : sql`IS`;
  const conditions = [
    sql`${sql.ref(`${table}.id`)} = ${ref("id")}`,
    ...guard.map((column) => sql`${sql.ref(`${table}.${column}`)} ${same} ${ref(`old_${column}`)}`),
  ];
  return sql`UPDATE ${sql.table(table)} SET ${sql.join(assignments)} FROM (VALUES ${sql.join(
    tuples,
  )}) AS ${alias} WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** `UPDATE t FORCE INDEX (PRIMARY) SET c = CASE id WHEN ... END ... WHERE ...`. */
function caseUpdate(
  table: string,
  columns: TextColumns,
  rows: readonly TextRow[],
): RawBuilder<unknown> {
  const guard = columns.guard ?? [];
  const kept = new Set(columns.keepWhenNull ?? []);
  const assignments = columns.set.map((column, i) => {
    const cases = sql`CASE ${sql.ref("id")} ${sql.join(
      rows.map((row) => sql`WHEN ${row.id} THEN ${row.values[i] ?? null}`),
      sql` `,
    )} END`;
    return kept.has(column)
      ? sql`${sql.ref(column)} = COALESCE(${cases}, ${sql.ref(column)})`
      : sql`${sql.ref(column)} = ${cases}`;
  });
  const where =
    guard.length === 0
      ? sql`${sql.ref("id")} IN (${sql.join(rows.map((row) => row.id))})`
      : sql.join(
          rows.map(
            (row) =>
              sql`(${sql.ref("id")} = ${row.id} AND ${sql.join(
                guard.map((column, i) => sql`${sql.ref(column)} <=> ${row.expected?.[i] ?? null}`),
                sql` AND `,
              )})`,
          ),
          sql` OR `,
        );
  return sql`UPDATE ${sql.table(table)} FORCE INDEX (PRIMARY) SET ${sql.join(
    assignments,
  )} WHERE ${where}`;
}
