/**
 * One scheduler replica in its own process, for tests that pause it with SIGSTOP: runs
 * an election on the lease described by argv[2] (JSON) and, every 5 ms, prints
 * `act <term> <wall ms>` while `isHeld()` says it may act. Prints `ready` first and
 * `change <json>` for each change the election reports.
 */
import { openDatabase } from "../../../src/engines/storage/database.js";
import {
  databaseLeaderLease,
  startLeaderElection,
  type LeaderLease,
} from "../../../src/runtime/schedule/leader/index.js";
import { redisLeaderLease } from "../../../src/runtime/schedule/leader/redis-leader-lease.js";

const config = JSON.parse(process.argv[2] ?? "{}") as {
  store: "redis" | "database";
  url: string;
  prefix?: string;
  name: string;
  replica: string;
  ttlMs: number;
  everyMs: number;
};
const options = { name: config.name, replica: config.replica, ttlMs: config.ttlMs };
const lease: LeaderLease =
  config.store === "redis"
    ? redisLeaderLease({ ...options, url: config.url, prefix: config.prefix ?? "cairn" })
    : databaseLeaderLease(await openDatabase(config.url), options);
const write = (line: string) => process.stdout.write(`${line}\n`);
startLeaderElection(lease, {
  everyMs: config.everyMs,
  onChange: (state) => {
    write(`change ${JSON.stringify(state)}`);
  },
});
setInterval(() => {
  if (lease.isHeld()) write(`act ${String(lease.term)} ${String(Date.now())}`);
}, 5);
write("ready");
