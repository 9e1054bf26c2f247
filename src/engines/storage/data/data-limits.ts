/** Guards the data API puts on every query, so one request cannot tie up the database. */
export interface DataLimits {
  /** Most levels of nested `and`/`or`/`not` in a `filter=` expression. Default 8. */
  readonly maxFilterDepth?: number;
  /**
   * Longest a read may run, in milliseconds, before CAIRN_QUERY_TIMEOUT. Default 10000.
   * Enforced by PostgreSQL and MySQL/MariaDB, and on SQLite when the database was
   * opened with a read pool (`readThreads`), whose thread running a late read is
   * terminated; on SQLite's main connection alone it is not enforced.
   */
  readonly queryTimeoutMs?: number;
}

export interface ResolvedLimits {
  readonly maxFilterDepth: number;
  readonly queryTimeoutMs: number;
}

export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxFilterDepth: 8,
  queryTimeoutMs: 10_000,
});

export function resolveLimits(limits: DataLimits = {}): ResolvedLimits {
  return {
    maxFilterDepth: limits.maxFilterDepth ?? DEFAULT_LIMITS.maxFilterDepth,
    queryTimeoutMs: limits.queryTimeoutMs ?? DEFAULT_LIMITS.queryTimeoutMs,
  };
}
