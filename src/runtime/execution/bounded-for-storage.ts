/**
 * Executions keep their result and messages, but a list of 100,000 rows is output, not
 * history: values stored in the execution log are capped so one big run cannot bloat
 * the database. The live stream still carries every value in full.
 */
export const STORED_VALUE_LIMIT = 64 * 1024;

export interface TruncationNote {
  readonly truncated: true;
  /** Size of the JSON text that was not stored. */
  readonly bytes: number;
  /** Items of a list, or rows of a table, in the whole value. */
  readonly items?: number;
}

function jsonLength(value: unknown): number {
  // JSON.stringify answers undefined for undefined and functions, whatever its type says.
  const text = JSON.stringify(value) as string | undefined;
  return text?.length ?? 0;
}

/** The value itself when its JSON fits the limit, else a note saying what was left out. */
export function boundedValue(value: unknown, limit = STORED_VALUE_LIMIT): unknown {
  const bytes = jsonLength(value);
  if (bytes <= limit) return value;
  return Array.isArray(value)
    ? ({ truncated: true, bytes, items: value.length } satisfies TruncationNote)
    : ({ truncated: true, bytes } satisfies TruncationNote);
}

/** The leading rows whose JSON fits the limit. */
function leadingRows(rows: readonly unknown[], limit: number): unknown[] {
  const kept: unknown[] = [];
  let size = 1; // the brackets; each row adds its JSON and a comma
  for (const row of rows) {
    size += jsonLength(row) + 1;
    if (size > limit) break;
    kept.push(row);
  }
  return kept;
}

/**
 * A message body as stored: unchanged when small; a table keeps its leading rows and
 * says how many it had; data and status messages cap their value or result.
 */
export function boundedBody(
  body: Readonly<Record<string, unknown>>,
  limit = STORED_VALUE_LIMIT,
): Readonly<Record<string, unknown>> {
  const bytes = jsonLength(body);
  if (bytes <= limit) return body;
  if (Array.isArray(body.rows)) {
    const rows = body.rows as readonly unknown[];
    const note: TruncationNote = { truncated: true, bytes, items: rows.length };
    return { ...body, rows: leadingRows(rows, limit), truncated: note };
  }
  if ("result" in body) return { ...body, result: boundedValue(body.result, limit) };
  if ("value" in body) return { ...body, value: boundedValue(body.value, limit) };
  return { type: body.type, truncated: { truncated: true, bytes } satisfies TruncationNote };
}
