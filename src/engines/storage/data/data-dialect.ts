import type { Compilable, Kysely } from "kysely";
import { QueryTimeout } from "../../../foundations/error-codes.js";
import type { DynamicDatabase } from "../database.js";

type Db = Kysely<DynamicDatabase>;

/**
 * What the data API does differently per backend: enforcing the query time limit and
 * reading the planner's row estimate. Raw SQL for both lives only in the three
 * implementations of this interface.
 */
export interface DataDialect {
  /**
   * Runs `work` (reads only) with every statement limited to `ms` milliseconds; a
   * statement that runs longer fails with CAIRN_QUERY_TIMEOUT.
   */
  withTimeout<T>(db: Db, ms: number, work: (db: Db) => Promise<T>): Promise<T>;
  /** Whether `error` is the backend stopping a statement at its time limit. */
  isTimeout(error: unknown): boolean;
  /** The planner's estimate of the rows `query` returns, or undefined when it has none. */
  estimateRows(db: Db, query: Compilable): Promise<number | undefined>;
}

export function queryTimeout(ms: number, cause: unknown): never {
  throw QueryTimeout.create(
    `the query ran longer than the ${String(ms)} ms limit and was stopped`,
    {
      hint: "Narrow the filters, ask for fewer rows or count=none, or raise the query time limit.",
      details: { queryTimeoutMs: ms },
      cause,
    },
  );
}

/**
 * The dialect for a pool whose connections already carry the limit (opened with
 * `statementTimeoutMs`): reads run as they are, and only the backend's timeout error is
 * turned into CAIRN_QUERY_TIMEOUT. Saves the per-read transaction or session round trips.
 */
export function sessionLimited(dialect: DataDialect, ms: number): DataDialect {
  return {
    ...dialect,
    async withTimeout(db, _ms, work) {
      try {
        return await work(db);
      } catch (error) {
        if (dialect.isTimeout(error)) queryTimeout(ms, error);
        throw error;
      }
    },
  };
}
