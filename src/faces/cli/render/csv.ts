import { cellText, columnsOf } from "./cells.js";

/** One RFC 4180 field: quoted when it holds a quote, a comma or a line break. */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as RFC 4180 CSV: a header line, then one CRLF-terminated line per row. */
export function toCsv(
  rows: readonly Readonly<Record<string, unknown>>[],
  columns?: readonly string[],
): string {
  const names = columnsOf(rows, columns);
  const lines = [names.map(csvField).join(",")];
  for (const row of rows) lines.push(names.map((name) => csvField(row[name])).join(","));
  return lines.map((line) => `${line}\r\n`).join("");
}
