import { RedisLeaseStore } from "../../../engines/executors/queue/redis-leader-lease.js";
import { FencedLeaderLease } from "./fenced-leader-lease.js";
import type { LeaderElectionOptions, LeaderLease } from "./leader-lease.js";

export interface RedisLeaderLeaseOptions extends LeaderElectionOptions {
  /** CAIRN_REDIS_URL. */
  url: string;
  /** The prefix of the lease's keys (default `cairn`). */
  prefix?: string;
}

/**
 * The leader lease in Redis (when CAIRN_REDIS_URL is set). Its expiry runs on Redis's
 * clock; each command gives up after the TTL, since a later answer could not be trusted
 * anyway. The lease owns its connection: `close()` ends it.
 */
export function redisLeaderLease(options: RedisLeaderLeaseOptions): LeaderLease {
  const { url, prefix, ...election } = options;
  const store = new RedisLeaseStore({
    url,
    name: options.name,
    commandTimeoutMs: Math.max(Math.round(options.ttlMs), 1),
    maxBackoffMs: Math.max(Math.round(options.ttlMs / 3), 100),
    ...(prefix === undefined ? {} : { prefix }),
  });
  return new FencedLeaderLease(store, election, true);
}
