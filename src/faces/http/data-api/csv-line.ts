/** One value as CSV text: empty for null, JSON for lists and objects. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  return JSON.stringify(value);
}

/** RFC 4180 quoting: fields holding a comma, quote, CR or LF are quoted, quotes doubled. */
function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record ending in CRLF, as RFC 4180 asks. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map((value) => quoted(cellText(value))).join(",")}\r\n`;
}
