/**
 * The messages between the SQLite read pool (main thread) and one read thread. Each
 * thread runs one job at a time; every reply names its job so a late reply to a job
 * the pool already gave up on is ignored. Everything is structured-clone data.
 */

/** What a read thread opens; passed as `workerData`. */
export interface ReadWorkerData {
  /** The database file, opened read-only. */
  readonly file: string;
}

export type Row = Record<string, unknown>;

export type ToReadWorker =
  | {
      readonly kind: "query";
      readonly job: number;
      readonly sql: string;
      readonly parameters: readonly unknown[];
    }
  | {
      readonly kind: "stream";
      readonly job: number;
      readonly sql: string;
      readonly parameters: readonly unknown[];
      readonly batchSize: number;
      /** Batches the thread may send before it waits for a `more`. */
      readonly credits: number;
    }
  /** The consumer took one batch: the thread may produce one more. */
  | { readonly kind: "more"; readonly job: number }
  /** The consumer stopped early: close the statement and end the job. */
  | { readonly kind: "cancel"; readonly job: number };

/** An error as it crosses threads: its constructor's name, message and driver code. */
export interface ErrorPayload {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

/**
 * Rows as they cross: JSON text when every value is text, a finite number or null (a
 * string crosses as one copy and JSON.parse rebuilds it faster than structured clone
 * does objects), else the rows themselves (bytes, big integers, -0 and non-finite
 * numbers, which JSON would change).
 */
export type RowsPayload = { readonly json: string } | { readonly rows: Row[] };

export type FromReadWorker =
  | { readonly kind: "ready" }
  | { readonly kind: "init-failed"; readonly error: ErrorPayload }
  | {
      readonly kind: "rows";
      readonly job: number;
      readonly rows: RowsPayload;
      readonly changes: number;
    }
  | { readonly kind: "batch"; readonly job: number; readonly rows: RowsPayload }
  | { readonly kind: "done"; readonly job: number }
  | { readonly kind: "error"; readonly job: number; readonly error: ErrorPayload };

/** Encodes rows for the trip to the main thread (see RowsPayload). */
export function toRowsPayload(rows: Row[]): RowsPayload {
  for (const row of rows) {
    for (const key in row) {
      const value = row[key];
      if (value === null || typeof value === "string") continue;
      if (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0)) continue;
      return { rows };
    }
  }
  return { json: JSON.stringify(rows) };
}

/** The rows as the main connection would have returned them (bytes as Buffers). */
export function fromRowsPayload(payload: RowsPayload): Row[] {
  if ("json" in payload) return JSON.parse(payload.json) as Row[];
  for (const row of payload.rows) {
    for (const key in row) {
      const value = row[key];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
        row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      }
    }
  }
  return payload.rows;
}
