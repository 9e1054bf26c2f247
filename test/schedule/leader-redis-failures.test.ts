import { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import {
  startLeaderElection,
  type LeaderElection,
  type LeaderLease,
} from "../../src/runtime/schedule/leader/index.js";
import { redisLeaderLease } from "../../src/runtime/schedule/leader/redis-leader-lease.js";
import { freePort, ownRedis, uniquePrefix, type OwnRedis } from "../executors/support/redis.js";
import { exclusivity, POLL_MS, sleep, TTL_MS, uniqueName } from "./support/leader-scenarios.js";

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
  return performance.now() - start;
}

// Each test runs its own redis-server, so it can kill, stop or cut it off without
// touching the shared one.
describe.skipIf(!inject("services").redis)("leader lease when Redis fails", () => {
  const prefix = uniquePrefix("leader-failures");
  let server: OwnRedis | undefined;
  const leases: LeaderLease[] = [];
  const elections: LeaderElection[] = [];
  const errors: unknown[] = [];

  afterEach(async () => {
    await Promise.all(elections.splice(0).map((election) => election.stop()));
    await Promise.all(leases.splice(0).map((lease) => lease.close()));
    await server?.kill();
    server = undefined;
    errors.length = 0;
  });

  const replicas = (url: string, count: number): LeaderLease[] => {
    const name = uniqueName();
    const made = Array.from({ length: count }, (_, i) =>
      redisLeaderLease({
        url,
        prefix,
        name,
        replica: `replica-${String(i)}`,
        ttlMs: TTL_MS,
        onError: (error) => errors.push(error),
      }),
    );
    leases.push(...made);
    return made;
  };

  /** Runs an election per lease; answers the terms each replica reported taking, in order. */
  const elect = (made: readonly LeaderLease[]): number[] => {
    const terms: number[] = [];
    for (const lease of made) {
      elections.push(
        startLeaderElection(lease, {
          everyMs: POLL_MS,
          onChange: (state) => {
            if (state.held) terms.push(state.term);
          },
        }),
      );
    }
    return terms;
  };

  const ownServer = async (): Promise<OwnRedis> => {
    const started = ownRedis(await freePort());
    await started.start();
    server = started;
    return started;
  };

  const someHeld = (made: readonly LeaderLease[]) => () => made.some((lease) => lease.isHeld());
  const noneHeld = (made: readonly LeaderLease[]) => () => made.every((lease) => !lease.isHeld());

  it("answers not held, without throwing, when Redis cannot be reached", async () => {
    const [lease] = replicas(`redis://127.0.0.1:${String(await freePort())}`, 1);
    if (lease === undefined) throw new Error("no lease");
    const start = performance.now();
    expect(await lease.tick()).toEqual({ held: false });
    expect(performance.now() - start).toBeLessThan(TTL_MS + 200);
    expect(await lease.tick()).toEqual({ held: false });
    expect(lease.isHeld()).toBe(false);
    expect(lease.term).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
  });

  it("steps down within the TTL when Redis dies, and elects one leader after it restarts", async () => {
    const redis = await ownServer();
    const made = replicas(redis.url, 3);
    const sampler = exclusivity(made);
    elect(made);
    await until(someHeld(made), TTL_MS * 4, "a leader");
    await sleep(TTL_MS); // some renewals
    await redis.kill();
    const down = await until(noneHeld(made), TTL_MS, "the leader to step down");
    expect(down).toBeLessThanOrEqual(TTL_MS);
    await sleep(TTL_MS * 2);
    expect(made.filter((lease) => lease.isHeld())).toEqual([]);
    await redis.start();
    await until(someHeld(made), 5000, "a leader after the restart");
    await sleep(TTL_MS);
    expect(made.filter((lease) => lease.isHeld())).toHaveLength(1);
    expect(sampler.stop().overlaps).toBe(0);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("never has two leaders while connections are killed mid-renew", async () => {
    const redis = await ownServer();
    const made = replicas(redis.url, 3);
    const sampler = exclusivity(made);
    const terms = elect(made);
    await until(someHeld(made), TTL_MS * 4, "a leader");
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      // Kills at every moment of the renewal cycle: before, during and after a renew.
      const end = performance.now() + TTL_MS * 4;
      while (performance.now() < end) {
        await admin.client("KILL", "TYPE", "normal", "SKIPME", "yes");
        await sleep(1 + Math.random() * 15);
      }
    } finally {
      admin.disconnect();
    }
    await until(someHeld(made), 5000, "a leader after the kills");
    await sleep(TTL_MS);
    expect(made.filter((lease) => lease.isHeld())).toHaveLength(1);
    expect(sampler.stop().overlaps).toBe(0);
    expect(terms).toEqual([...terms].sort((a, b) => a - b));
    expect(new Set(terms).size).toBe(terms.length);
  });

  it("steps down while Redis is stopped (SIGSTOP) and resumes with a newer term", async () => {
    const redis = await ownServer();
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const pid = Number(/process_id:(\d+)/.exec(await admin.info("server"))?.[1]);
    admin.disconnect();
    expect(pid).toBeGreaterThan(0);
    const made = replicas(redis.url, 3);
    const sampler = exclusivity(made);
    const terms = elect(made);
    await until(someHeld(made), TTL_MS * 4, "a leader");
    const before = terms.at(-1) ?? 0;
    process.kill(pid, "SIGSTOP");
    try {
      // Renewals hang: the leader stops trusting its hold by its own deadline.
      const down = await until(noneHeld(made), TTL_MS, "the leader to step down");
      expect(down).toBeLessThanOrEqual(TTL_MS);
      await sleep(TTL_MS * 2);
      expect(made.filter((lease) => lease.isHeld())).toEqual([]);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await until(someHeld(made), 5000, "a leader after Redis resumed");
    expect(terms.at(-1)).toBeGreaterThan(before);
    expect(sampler.stop().overlaps).toBe(0);
  });
});
