import type { Database } from "../../../engines/storage/database.js";
import { databaseLeaderLease } from "./database-leader-lease.js";
import type { LeaderElectionOptions, LeaderLease } from "./leader-lease.js";

export interface LeaseHome {
  /** CAIRN_REDIS_URL: the lease lives in Redis when given. */
  readonly redisUrl?: string | undefined;
  /** Otherwise it is a `scheduler_lease` row of this database. */
  readonly database: Database;
  /** SQLite's writer gate, for the database lease. */
  readonly gate?: () => Promise<void> | undefined;
}

/**
 * The lease in Redis when CAIRN_REDIS_URL is set, else in the database. Redis is only
 * loaded when used, so a project without it never loads ioredis.
 */
export async function openLeaderLease(
  home: LeaseHome,
  options: LeaderElectionOptions,
): Promise<LeaderLease> {
  if (home.redisUrl !== undefined) {
    const { redisLeaderLease } = await import("./redis-leader-lease.js");
    return redisLeaderLease({ ...options, url: home.redisUrl });
  }
  return databaseLeaderLease(home.database, {
    ...options,
    ...(home.gate === undefined ? {} : { gate: home.gate }),
  });
}
