/** SQLite reads on worker threads, each statement stopped at a time limit. */
export { SqliteReadPool, STREAM_AHEAD, type ReadResult } from "./read-pool.js";
export { readPoolKysely } from "./read-pool-kysely.js";
export { ReadTimeout, isReadTimeout } from "./read-timeout.js";
