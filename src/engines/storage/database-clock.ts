import { sql } from "kysely";
import { codecFor } from "./records/codecs/codec-for.js";
import type { Database } from "./database.js";

const DATETIME = codecFor("datetime");

/**
 * "Now, minus `ms`" for a datetime column, on the database server's clock. Leases
 * (heartbeats of running executions) are written by one machine and judged stale by
 * another: reading both instants from one clock means a worker whose clock runs ahead
 * or behind is neither reaped early nor kept late. SQLite runs in this process on this
 * machine, so its clock is this process's.
 */
export function databaseNow(database: Database, minusMs = 0): unknown {
  switch (database.dialect) {
    case "postgres":
      return minusMs === 0
        ? sql`now()`
        : sql`now() - ${minusMs}::double precision * interval '1 millisecond'`;
    case "mysql":
      // Datetimes are stored in UTC (the pool's time zone is Z), with milliseconds.
      return minusMs === 0
        ? sql`UTC_TIMESTAMP(3)`
        : sql`UTC_TIMESTAMP(3) - INTERVAL ${minusMs * 1000} MICROSECOND`;
    case "sqlite":
      return DATETIME.toDb(new Date(Date.now() - minusMs).toISOString(), "sqlite");
  }
}
