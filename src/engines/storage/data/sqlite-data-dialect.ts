import type { DataDialect } from "./data-dialect.js";

/**
 * SQLite enforces no time limit: better-sqlite3 runs a statement synchronously and
 * offers no interrupt, so nothing could stop it. It keeps no row estimates either, so
 * `count=estimate` counts exactly here.
 */
export const sqliteDataDialect: DataDialect = {
  withTimeout: (db, _ms, work) => work(db),
  isTimeout: () => false,
  estimateRows: () => Promise.resolve(undefined),
};
