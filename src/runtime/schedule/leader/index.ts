/** The scheduler's leader lease: exactly one active replica, with fencing terms. */
export type { LeaderElectionOptions, LeaderLease, LeaderState } from "./leader-lease.js";
export type { LeaseAttempt, LeaseHold, LeaseStore } from "./lease-store.js";
export { FencedLeaderLease } from "./fenced-leader-lease.js";
export {
  databaseLeaderLease,
  DatabaseLeaseStore,
  type DatabaseLeaderLeaseOptions,
} from "./database-leader-lease.js";
// Redis is loaded by openLeaderLease only when configured, so not re-exported here.
export type { RedisLeaderLeaseOptions } from "./redis-leader-lease.js";
export { openLeaderLease, type LeaseHome } from "./open-leader-lease.js";
export {
  startLeaderElection,
  type LeaderElection,
  type LeaderElectionLoopOptions,
} from "./start-leader-election.js";
