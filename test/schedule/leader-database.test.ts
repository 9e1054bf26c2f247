import { beforeAll, expect, it } from "vitest";
import { openDatabase } from "../../src/engines/storage/database.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import {
  databaseLeaderLease,
  DatabaseLeaseStore,
} from "../../src/runtime/schedule/leader/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { coreSpec } from "./support/leader-core-spec.js";
import {
  exclusivity,
  leaseScenarios,
  POLL_MS,
  tickUntilHeld,
  TTL_MS,
  uniqueName,
  type LeaseKit,
} from "./support/leader-scenarios.js";

describeEachBackend("leader lease in the database", (fixture) => {
  beforeAll(async () => {
    await migrateDatabase(fixture.database(), coreSpec());
  });

  const kit = (): LeaseKit => ({
    lease: (name, replica, { ttlMs = TTL_MS, ...options } = {}) =>
      databaseLeaderLease(fixture.database(), { name, replica, ttlMs, ...options }),
    current: async (name) => {
      const row = await new DatabaseLeaseStore(fixture.database(), name, () => undefined).current();
      return row === undefined ? undefined : { holder: row.holder, term: row.term };
    },
  });

  leaseScenarios(kit);

  it("keeps one row per lease, its term carried across holders", async () => {
    const name = uniqueName();
    const store = new DatabaseLeaseStore(fixture.database(), name, () => undefined);
    const first = await store.acquire("a", TTL_MS, undefined);
    expect(first).toEqual({ taken: true, hold: { term: 1, token: "a" } });
    expect(await store.acquire("b", TTL_MS, undefined)).toEqual({ taken: false, holder: "a" });
    if (!first.taken) return;
    // Renewal and release name the holder and term: b's do nothing.
    expect(await store.renew({ term: 1, token: "b" }, TTL_MS)).toBe(false);
    await store.release({ term: 1, token: "b" });
    expect(await store.current()).toEqual({ holder: "a", term: 1, free: false });
    await store.release(first.hold);
    expect(await store.current()).toEqual({ holder: "a", term: 1, free: true });
    expect(await store.acquire("b", TTL_MS, undefined)).toEqual({
      taken: true,
      hold: { term: 2, token: "b" },
    });
    // a's old hold neither renews nor frees b's lease.
    expect(await store.renew(first.hold, TTL_MS)).toBe(false);
    await store.release(first.hold);
    expect(await store.current()).toEqual({ holder: "b", term: 2, free: false });
    const rows = await fixture
      .database()
      .db.selectFrom("scheduler_lease")
      .select("name")
      .where("name", "=", name)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("steps down at once when its database fails mid-hold; a standby takes over after the TTL", async () => {
    const name = uniqueName();
    const errors: unknown[] = [];
    const own = await openDatabase(fixture.url());
    const failing = databaseLeaderLease(own, {
      name,
      replica: "failing",
      ttlMs: TTL_MS,
      onError: (error) => errors.push(error),
    });
    const standby = databaseLeaderLease(fixture.database(), {
      name,
      replica: "standby",
      ttlMs: TTL_MS,
    });
    const sampler = exclusivity([failing, standby]);
    try {
      expect(await failing.tick()).toMatchObject({ held: true });
      const term = failing.term ?? 0;
      await own.close(); // its connections are gone: the renewal fails
      expect(await failing.tick()).toEqual({ held: false });
      expect(failing.isHeld()).toBe(false);
      expect(errors).toHaveLength(1);
      // The row is still the failing replica's until its TTL passes.
      expect(await standby.tick()).toEqual({ held: false, holder: "failing" });
      await tickUntilHeld(standby, TTL_MS * 4, POLL_MS, sampler.check);
      expect(standby.term).toBe(term + 1);
      expect(await failing.tick()).toEqual({ held: false });
      expect(sampler.stop().overlaps).toBe(0);
    } finally {
      await standby.close();
      await failing.close();
    }
  });

  it("never holds while SQLite's writer gate fails, and reports each failure", async () => {
    const errors: unknown[] = [];
    const gated = databaseLeaderLease(fixture.database(), {
      name: uniqueName(),
      replica: "gated",
      ttlMs: TTL_MS,
      gate: () => Promise.reject(new Error("the writers never finished")),
      onError: (error) => errors.push(error),
    });
    expect(await gated.tick()).toEqual({ held: false });
    expect(await gated.tick()).toEqual({ held: false });
    expect(gated.isHeld()).toBe(false);
    expect(errors.map(String)).toEqual([
      "Error: the writers never finished",
      "Error: the writers never finished",
    ]);
    await gated.close();
  });
});
