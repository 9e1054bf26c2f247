import { afterAll, describe, inject } from "vitest";
import { RedisLeaseStore } from "../../src/engines/executors/queue/redis-leader-lease.js";
import { redisLeaderLease } from "../../src/runtime/schedule/leader/redis-leader-lease.js";
import { dropPrefix, uniquePrefix } from "../executors/support/redis.js";
import { serviceUrls } from "../support/service-urls.js";
import { leaseScenarios, TTL_MS, type LeaseKit } from "./support/leader-scenarios.js";

const url = serviceUrls.redis;
const prefix = uniquePrefix("leader");

describe.skipIf(!inject("services").redis)("leader lease in Redis", () => {
  afterAll(() => dropPrefix(url, prefix));

  const kit = (): LeaseKit => ({
    lease: (name, replica, { ttlMs = TTL_MS, ...options } = {}) =>
      redisLeaderLease({ url, prefix, name, replica, ttlMs, ...options }),
    current: async (name) => {
      const store = new RedisLeaseStore({ url, prefix, name, commandTimeoutMs: 2000 });
      try {
        const current = await store.current();
        return current === undefined ? undefined : { holder: current.holder, term: current.term };
      } finally {
        await store.close();
      }
    },
  });

  leaseScenarios(kit);
});
