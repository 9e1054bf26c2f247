import Table from "cli-table3";
import type { Colors } from "../cli-output.js";
import { cellText, columnsOf } from "./cells.js";

/**
 * Boxed tables for people. cli-table3 colours through its own library, so its styles
 * are switched off and headings are coloured here, respecting --no-color.
 */
const PLAIN_STYLE = { head: [], border: [], compact: true };

export function rowsTable(
  rows: readonly Readonly<Record<string, unknown>>[],
  colors: Colors,
  columns?: readonly string[],
): string {
  const names = columnsOf(rows, columns);
  const table = new Table({ head: names.map((n) => colors.bold(n)), style: PLAIN_STYLE });
  for (const row of rows) table.push(names.map((name) => cellText(row[name])));
  return table.toString();
}

/** One record as a two-column table: field, value. */
export function keyValueTable(record: Readonly<Record<string, unknown>>, colors: Colors): string {
  const table = new Table({ style: PLAIN_STYLE });
  for (const [key, value] of Object.entries(record)) {
    table.push([colors.bold(key), cellText(value)]);
  }
  return table.toString();
}
