import { randomBytes } from "node:crypto";
import { afterEach, expect, it } from "vitest";
import type {
  LeaderElectionOptions,
  LeaderLease,
  LeaderState,
} from "../../../src/runtime/schedule/leader/index.js";
import { startLeaderElection } from "../../../src/runtime/schedule/leader/index.js";

/** Short enough for fast tests, long enough for a loaded machine's timers. */
export const TTL_MS = 300;
/** How often a standby tries in these tests. */
export const POLL_MS = 20;

export type LeaseOptions = Omit<LeaderElectionOptions, "name" | "replica" | "ttlMs"> & {
  ttlMs?: number;
};

/** Opens leases on one store (Redis, or one database) for the shared scenarios. */
export interface LeaseKit {
  lease(name: string, replica: string, options?: LeaseOptions): LeaderLease;
  /** The holder and term the store has now, read without any lease. */
  current(name: string): Promise<{ holder: string; term: number } | undefined>;
}

export function uniqueName(label = "leader"): string {
  return `${label}-${randomBytes(4).toString("hex")}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A monotonic clock that a test can move forward, as a paused process finds it on resuming. */
export function jumpingClock(): { now: () => number; jump: (ms: number) => void } {
  let offset = 0;
  return {
    now: () => performance.now() + offset,
    jump: (ms) => {
      offset += ms;
    },
  };
}

/**
 * Samples `isHeld()` of every lease every millisecond or two (and whenever `check()` is
 * called), counting the moments at which more than one replica says it may act.
 */
export function exclusivity(leases: readonly LeaderLease[]) {
  let samples = 0;
  let overlaps = 0;
  const check = (): void => {
    samples += 1;
    if (leases.filter((lease) => lease.isHeld()).length > 1) overlaps += 1;
  };
  const timer = setInterval(check, 1);
  return {
    check,
    stop: () => {
      clearInterval(timer);
      check();
      return { samples, overlaps };
    },
  };
}

/** Ticks `lease` every `everyMs` until it holds; the ms that took. */
export async function tickUntilHeld(
  lease: LeaderLease,
  timeoutMs: number,
  everyMs = POLL_MS,
  onTick: () => void = () => undefined,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    const state = await lease.tick();
    onTick();
    if (state.held) return performance.now() - start;
    if (performance.now() - start > timeoutMs)
      throw new Error(`${lease.replica} did not take the lease within ${String(timeoutMs)} ms`);
    await sleep(everyMs);
  }
}

/** The scenarios every store must pass, each on a lease name of its own. */
export function leaseScenarios(kit: () => LeaseKit): void {
  const opened: LeaderLease[] = [];
  const open = (name: string, replica: string, options: LeaseOptions = {}): LeaderLease => {
    const lease = kit().lease(name, replica, options);
    opened.push(lease);
    return lease;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((lease) => lease.close()));
  });

  it("lets exactly one of racing replicas hold, under one term while it renews", async () => {
    const name = uniqueName();
    const leases = Array.from({ length: 6 }, (_, i) => open(name, `replica-${String(i)}`));
    let states = await Promise.all(leases.map((lease) => lease.tick()));
    expect(states.filter((state) => state.held)).toHaveLength(1);
    const winner = leases.find((lease) => lease.isHeld());
    if (winner === undefined) throw new Error("nobody holds");
    const term = winner.term;
    expect(term).toBeTypeOf("number");
    for (const state of states) {
      if (!state.held && state.holder !== undefined) expect(state.holder).toBe(winner.replica);
    }
    for (let round = 0; round < 4; round++) {
      await sleep(TTL_MS / 3);
      states = await Promise.all(leases.map((lease) => lease.tick()));
      expect(states.filter((state) => state.held)).toEqual([{ held: true, term }]);
      expect(leases.filter((lease) => lease.isHeld())).toEqual([winner]);
    }
    expect(await kit().current(name)).toEqual({ holder: winner.replica, term });
  });

  it("hands over at once when the holder releases, under the next term", async () => {
    const name = uniqueName();
    const holder = open(name, "holder");
    const standby = open(name, "standby");
    const held = await holder.tick();
    expect(held).toMatchObject({ held: true });
    expect(await standby.tick()).toEqual({ held: false, holder: "holder" });
    const term = holder.term ?? 0;
    await holder.release();
    expect(holder.isHeld()).toBe(false);
    expect(holder.term).toBeUndefined();
    const handover = await tickUntilHeld(standby, TTL_MS / 2);
    expect(handover).toBeLessThan(TTL_MS / 2);
    expect(standby.term).toBe(term + 1);
    expect(await holder.tick()).toEqual({ held: false, holder: "standby" });
  });

  it("loses the lease to a standby once the TTL passes without renewal", async () => {
    const name = uniqueName();
    const holder = open(name, "holder");
    const standby = open(name, "standby");
    const sampler = exclusivity([holder, standby]);
    const sent = performance.now();
    expect(await holder.tick()).toMatchObject({ held: true });
    const term = holder.term ?? 0;
    // The holder stops renewing (it died or stalled); the standby polls.
    const took = await tickUntilHeld(standby, TTL_MS * 4, POLL_MS, sampler.check);
    const sinceHold = performance.now() - sent;
    expect(sinceHold).toBeGreaterThanOrEqual(TTL_MS - 2);
    expect(took).toBeLessThan(TTL_MS + POLL_MS + 250);
    expect(holder.isHeld()).toBe(false);
    expect(standby.term).toBe(term + 1);
    expect(sampler.stop().overlaps).toBe(0);
  });

  it("stops trusting a paused hold at once, and finds its term stale on resuming", async () => {
    const name = uniqueName();
    const clock = jumpingClock();
    const paused = open(name, "paused", { now: clock.now });
    const standby = open(name, "standby");
    expect(await paused.tick()).toMatchObject({ held: true });
    const term = paused.term ?? 0;
    expect(paused.isHeld()).toBe(true);
    // A pause past the deadline: no timer of the paused replica ran, no renewal was sent.
    clock.jump(TTL_MS);
    expect(paused.isHeld()).toBe(false);
    expect(paused.term).toBeUndefined();
    // The store still has its lease until the TTL passes in real time; then the standby takes it.
    expect(await standby.tick()).toEqual({ held: false, holder: "paused" });
    await tickUntilHeld(standby, TTL_MS * 4);
    expect(standby.term).toBe(term + 1);
    expect(await paused.tick()).toEqual({ held: false, holder: "standby" });
    expect(paused.isHeld()).toBe(false);
    expect(await kit().current(name)).toEqual({ holder: "standby", term: term + 1 });
  });

  it("takes its own lapsed lease again only under a new term", async () => {
    const name = uniqueName();
    const clock = jumpingClock();
    const lease = open(name, "lapsing", { now: clock.now });
    const standby = open(name, "standby");
    expect(await lease.tick()).toMatchObject({ held: true });
    const term = lease.term ?? 0;
    clock.jump(TTL_MS);
    expect(lease.isHeld()).toBe(false);
    // Nobody took it meanwhile: it takes it back at once, but never continues the old term.
    expect(await lease.tick()).toEqual({ held: true, term: term + 1 });
    expect(await standby.tick()).toEqual({ held: false, holder: "lapsing" });
    expect(await kit().current(name)).toEqual({ holder: "lapsing", term: term + 1 });
  });

  it("stops trusting its hold when the wall clock jumps past the deadline (a suspend)", async () => {
    const name = uniqueName();
    let wallOffset = 0;
    const lease = open(name, "suspended", { wallNow: () => Date.now() + wallOffset });
    expect(await lease.tick()).toMatchObject({ held: true });
    wallOffset = TTL_MS; // the monotonic clock did not count the suspend; the wall clock did
    expect(lease.isHeld()).toBe(false);
    expect(lease.term).toBeUndefined();
  });

  it("gives strictly increasing terms across takeovers", async () => {
    const name = uniqueName();
    const leases = Array.from({ length: 4 }, (_, i) => open(name, `replica-${String(i)}`));
    const sampler = exclusivity(leases);
    const terms: number[] = [];
    let current = leases[0];
    if (current === undefined) throw new Error("no replica");
    await tickUntilHeld(current, TTL_MS);
    terms.push(current.term ?? 0);
    for (let round = 1; round <= 6; round++) {
      const next = leases[round % leases.length];
      if (next === undefined) throw new Error("no replica");
      // Releases on even rounds; on odd ones the holder just stops renewing.
      if (round % 2 === 0) await current.release();
      await tickUntilHeld(next, TTL_MS * 4, POLL_MS, sampler.check);
      terms.push(next.term ?? 0);
      current = next;
    }
    expect(terms).toEqual([...terms].sort((a, b) => a - b));
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms.at(-1)).toBe((terms[0] ?? 0) + 6);
    expect(sampler.stop().overlaps).toBe(0);
  });

  it("runs an election loop per replica: one leader, and a stopped leader hands over", async () => {
    const name = uniqueName();
    const leases = Array.from({ length: 3 }, (_, i) => open(name, `replica-${String(i)}`));
    const changes = new Map<string, LeaderState[]>(leases.map((lease) => [lease.replica, []]));
    const sampler = exclusivity(leases);
    const elections = leases.map((lease) =>
      startLeaderElection(lease, {
        everyMs: POLL_MS,
        onChange: (state) => changes.get(lease.replica)?.push(state),
      }),
    );
    const leaderIndex = async (): Promise<number> => {
      for (let waited = 0; waited < TTL_MS * 4; waited += 5) {
        const index = leases.findIndex((lease) => lease.isHeld());
        if (index !== -1) return index;
        await sleep(5);
      }
      throw new Error("no leader");
    };
    const first = await leaderIndex();
    const leader = leases[first];
    if (leader === undefined) throw new Error("no leader");
    await sleep(TTL_MS * 2); // several renewals: same leader, same term
    expect(leases.findIndex((lease) => lease.isHeld())).toBe(first);
    const term = leader.term ?? 0;
    expect(changes.get(leader.replica)).toEqual([{ held: true, term }]);
    const stopped = performance.now();
    await elections[first]?.stop();
    const next = await leaderIndex();
    const handover = performance.now() - stopped;
    expect(next).not.toBe(first);
    expect(handover).toBeLessThan(POLL_MS * 3 + 200);
    expect(changes.get(leader.replica)).toEqual([{ held: true, term }, { held: false }]);
    expect(leases[next]?.term).toBe(term + 1);
    await Promise.all(elections.map((election) => election.stop()));
    expect(sampler.stop().overlaps).toBe(0);
  });
}
