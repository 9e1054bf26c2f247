export { readSnapshot } from "./read-snapshot.js";
export { nonEmptyTables, restoreSnapshot } from "./restore-snapshot.js";
export { SNAPSHOT_BATCH_ROWS, type SnapshotBatch } from "./snapshot-batch.js";
