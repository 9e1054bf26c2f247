import type { Kysely } from "kysely";
import type { DynamicDatabase } from "../database.js";
import { isReadTimeout } from "../sqlite-read-pool/index.js";
import { queryTimeout, type DataDialect } from "./data-dialect.js";

/**
 * SQLite on its one main connection enforces no time limit: better-sqlite3 runs a
 * statement synchronously and offers no interrupt, so nothing could stop it. It keeps
 * no row estimates either, so `count=estimate` counts exactly here.
 */
export const sqliteDataDialect: DataDialect = {
  withTimeout: (db, _ms, work) => work(db),
  isTimeout: () => false,
  estimateRows: () => Promise.resolve(undefined),
};

/**
 * SQLite with a read pool (database.ts `limitedReads`): reads run on worker threads,
 * where a statement past the limit has its thread terminated; that stop becomes
 * CAIRN_QUERY_TIMEOUT. Writes never come here and stay on the main connection.
 */
export function sqliteThreadedDataDialect(
  limitedReads: (ms: number) => Kysely<DynamicDatabase>,
): DataDialect {
  return {
    async withTimeout(_db, ms, work) {
      try {
        return await work(limitedReads(ms));
      } catch (error) {
        if (isReadTimeout(error)) queryTimeout(ms, error);
        throw error;
      }
    },
    isTimeout: isReadTimeout,
    estimateRows: () => Promise.resolve(undefined),
  };
}
