/**
 * How one value looks in a table cell or a CSV field: scalars as text, nested values as
 * compact JSON, nothing for null.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  return JSON.stringify(value);
}

/** The given columns, else every key of the rows in first-seen order. */
export function columnsOf(
  rows: readonly Readonly<Record<string, unknown>>[],
  columns?: readonly string[],
): string[] {
  if (columns !== undefined && columns.length > 0) return [...columns];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Rows when the value is a list of objects (a list result), else undefined. */
export function rowsOf(value: unknown): Readonly<Record<string, unknown>>[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const rows: Readonly<Record<string, unknown>>[] = [];
  for (const item of value as unknown[]) {
    if (!isRecord(item)) return undefined;
    rows.push(item);
  }
  return rows;
}
