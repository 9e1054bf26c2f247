import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { databaseLeaderLease } from "../../src/runtime/schedule/leader/index.js";
import { redisLeaderLease } from "../../src/runtime/schedule/leader/redis-leader-lease.js";
import { dropPrefix, uniquePrefix } from "../executors/support/redis.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { serviceUrls } from "../support/service-urls.js";
import { coreSpec } from "./support/leader-core-spec.js";
import { POLL_MS, uniqueName } from "./support/leader-scenarios.js";
import { PAUSE_TTL_MS, pauseHolder } from "./support/leader-paused-replica.js";

// A replica stopped with SIGSTOP and resumed with SIGCONT after a standby took over: its
// first check after resuming says "not held", so it never acts again.

describe.skipIf(!inject("services").redis)("a paused leader in Redis", () => {
  const url = serviceUrls.redis;
  const prefix = uniquePrefix("leader-pause");
  afterAll(() => dropPrefix(url, prefix));

  it("never acts after SIGCONT; a standby took over within the TTL", async () => {
    const name = uniqueName();
    const standby = redisLeaderLease({
      url,
      prefix,
      name,
      replica: "standby",
      ttlMs: PAUSE_TTL_MS,
    });
    try {
      const takeover = await pauseHolder({ store: "redis", url, prefix, name }, standby);
      expect(takeover).toBeLessThan(PAUSE_TTL_MS + POLL_MS + 250);
    } finally {
      await standby.close();
    }
  });
});

describeEachBackend("a paused leader in the database", (fixture) => {
  beforeAll(async () => {
    await migrateDatabase(fixture.database(), coreSpec());
  });

  it("never acts after SIGCONT; a standby took over within the TTL", async () => {
    const name = uniqueName();
    const standby = databaseLeaderLease(fixture.database(), {
      name,
      replica: "standby",
      ttlMs: PAUSE_TTL_MS,
    });
    try {
      const takeover = await pauseHolder({ store: "database", url: fixture.url(), name }, standby);
      expect(takeover).toBeLessThan(PAUSE_TTL_MS + POLL_MS + 250);
    } finally {
      await standby.close();
    }
  });
});
