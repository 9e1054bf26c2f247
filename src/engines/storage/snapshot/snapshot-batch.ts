import type { JsonValue } from "../../../spec/field-types.js";

/** One line of a backup's body: rows of one table, values in column order. */
export interface SnapshotBatch {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly JsonValue[])[];
}

/** Rows per batch, for reading and writing alike. */
export const SNAPSHOT_BATCH_ROWS = 500;
