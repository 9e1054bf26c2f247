import Table from "cli-table3";
import type { Colors } from "../cli-output.js";
import { cellText, columnsOf } from "./cells.js";

/**
 * Boxed tables for people. cli-table3 colours through its own library, so its styles
 * are switched off and headings are coloured here, respecting --no-color.
 */
const PLAIN_STYLE = { head: [], border: [], compact: true };

/** Widest cell text in a rows table and in a record table; longer text ends in "…". */
const ROW_CELL_WIDTH = 60;
const RECORD_CELL_WIDTH = 100;

/** Cell text cut to `width` characters, so one long JSON value cannot blow up a table. */
function fitted(value: unknown, width: number): string {
  const text = cellText(value);
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function rowsTable(
  rows: readonly Readonly<Record<string, unknown>>[],
  colors: Colors,
  columns?: readonly string[],
): string {
  const names = columnsOf(rows, columns);
  const table = new Table({ head: names.map((n) => colors.bold(n)), style: PLAIN_STYLE });
  for (const row of rows) table.push(names.map((name) => fitted(row[name], ROW_CELL_WIDTH)));
  return table.toString();
}

/** One record as a two-column table: field, value. */
export function keyValueTable(record: Readonly<Record<string, unknown>>, colors: Colors): string {
  const table = new Table({ style: PLAIN_STYLE });
  for (const [key, value] of Object.entries(record)) {
    table.push([colors.bold(key), fitted(value, RECORD_CELL_WIDTH)]);
  }
  return table.toString();
}
