import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, ownRedis, sleep, type OwnRedis } from "../executors/support/redis.js";
import { hasRedisServer } from "../workers/support/cluster.js";
import {
  fencingViolations,
  instantsBetween,
  openSchedulerCluster,
  type FireRow,
  type SchedulerCluster,
} from "./support/scheduler-processes.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

const services = inject("services");
// Long enough that a takeover after SIGKILL leaves at least two instants of a 1 s
// schedule unfired (lease - election beat - tick > 2 s), so each policy has misfires.
const LEASE_MS = 3000;
const GRACE_MS = 250;
const ENV = {
  CAIRN_SCHEDULER_LEASE_SECONDS: String(LEASE_MS / 1000),
  CAIRN_SCHEDULER_TICK_MS: "100",
  CAIRN_SCHEDULER_GRACE_MS: String(GRACE_MS),
};
/** One schedule per misfire policy, every second. */
const POLICIES = { once: "run_once", all: "catch_up:20", none: "skip" } as const;

const instantsOf = (fires: readonly FireRow[]) => fires.map((fire) => fire.instant);

describe.skipIf(!services.postgres || !hasRedisServer)("cairn scheduler failover", () => {
  const project = writeSchedulerProject();
  let redis: OwnRedis;
  let cluster: SchedulerCluster | undefined;

  beforeAll(async () => {
    redis = ownRedis(await freePort());
    await redis.start();
  });
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });
  afterAll(async () => {
    await redis.kill();
    project.remove();
  });

  /** Two replicas firing the three schedules; answers them once one is active. */
  const deploy = async (lease: "redis" | "database") => {
    cluster = await openSchedulerCluster(
      project.dir,
      ENV,
      lease === "redis" ? redis.url : undefined,
    );
    for (const [name, misfire] of Object.entries(POLICIES)) {
      await cluster.every(name, "1s", { misfire });
    }
    const replicas = await Promise.all([cluster.replica(), cluster.replica()]);
    const active = await cluster.waitForActive(replicas);
    const standby = replicas.find((replica) => replica !== active);
    if (standby === undefined) throw new Error("no standby");
    return { cluster, active, standby };
  };

  for (const lease of ["redis", "database"] as const) {
    it(
      `SIGKILL of the active replica: a standby takes over and the misfire policy decides (${lease} lease)`,
      { timeout: 60_000 },
      async () => {
        const { cluster: c, active, standby } = await deploy(lease);
        await sleep(3000);
        const killedAt = Date.now();
        await active.signal("SIGKILL");
        await c.waitForActive([standby]);
        const takeoverMs = (standby.changes.at(-1)?.at ?? 0) - killedAt;
        console.log(`${lease} lease: the standby took over ${String(takeoverMs)} ms after SIGKILL`);
        // The lease after the killed replica's last renewal, plus one election beat.
        expect(takeoverMs).toBeLessThan(LEASE_MS + 1500);
        await sleep(3000);
        await standby.signal("SIGTERM");

        const fires = await c.fires();
        expect(fencingViolations(fires)).toEqual([]);
        expect(fires.filter((f) => f.replica === active.name && f.created > killedAt)).toEqual([]);
        const split = (name: string) => {
          const own = fires.filter((fire) => fire.schedule === name);
          const before = own.filter((fire) => fire.replica === active.name);
          const after = own.filter((fire) => fire.replica === standby.name);
          expect(before.length, name).toBeGreaterThan(1);
          expect(after.length, name).toBeGreaterThan(1);
          return { before, after, last: Math.max(...instantsOf(before)) };
        };

        // catch_up: every instant fired, those missed during the takeover too.
        const all = split("all");
        const allInstants = instantsOf([...all.before, ...all.after]);
        expect(allInstants).toEqual(
          instantsBetween(allInstants[0] ?? 0, allInstants.at(-1) ?? 0, 1000),
        );
        const caughtUp = all.after.filter((fire) => fire.latenessMs > GRACE_MS);
        expect(caughtUp.length).toBeGreaterThanOrEqual(1);

        // run_once: of the instants missed meanwhile, exactly one (the latest) fired.
        const once = split("once");
        const [resumed] = once.after;
        if (resumed === undefined) throw new Error("no fire after the takeover");
        const missed = instantsBetween(once.last + 1000, resumed.instant, 1000);
        expect(missed.length).toBeGreaterThanOrEqual(2);
        const onceInstants = new Set(instantsOf(fires.filter((f) => f.schedule === "once")));
        expect(missed.filter((instant) => onceInstants.has(instant))).toEqual([resumed.instant]);
        // It is the latest instant due when the new replica looked, not an older one.
        expect(resumed.latenessMs).toBeLessThan(1000);

        // skip: none of the missed instants fired; the new replica fired only on-time ones.
        const none = split("none");
        const firstAfter = none.after[0]?.instant ?? 0;
        expect(firstAfter - none.last).toBeGreaterThanOrEqual(2000);
        expect(none.after.filter((fire) => fire.latenessMs > GRACE_MS + 100)).toEqual([]);
      },
    );

    it(
      `SIGSTOP past the lease, then SIGCONT: the resumed replica fires nothing (${lease} lease)`,
      { timeout: 60_000 },
      async () => {
        const { cluster: c, active, standby } = await deploy(lease);
        await sleep(2000);
        const stoppedAt = Date.now();
        await active.signal("SIGSTOP");
        await c.waitForActive([standby]);
        const takeoverMs = (standby.changes.at(-1)?.at ?? 0) - stoppedAt;
        console.log(`${lease} lease: the standby took over ${String(takeoverMs)} ms after SIGSTOP`);
        await sleep(Math.max(stoppedAt + 2 * LEASE_MS - Date.now(), 0));
        const resumedAt = Date.now();
        await active.signal("SIGCONT");
        await sleep(3000);
        expect(active.active()).toBe(false);
        expect(active.changes.at(-1)).toMatchObject({ active: false });
        expect(active.changes.at(-1)?.at).toBeGreaterThanOrEqual(resumedAt);
        expect(standby.active()).toBe(true);
        await Promise.all([active.signal("SIGTERM"), standby.signal("SIGTERM")]);

        const fires = await c.fires();
        expect(fencingViolations(fires)).toEqual([]);
        // Every fire written after the pause began came from the new holder.
        const late = fires.filter((fire) => fire.created >= stoppedAt);
        expect(late.length).toBeGreaterThan(3);
        expect(late.filter((fire) => fire.replica !== standby.name)).toEqual([]);
        // The resumed replica's fires all predate its pause: nothing after SIGCONT.
        const byPaused = fires.filter((fire) => fire.replica === active.name);
        expect(byPaused.length).toBeGreaterThan(0);
        expect(byPaused.filter((fire) => fire.created >= stoppedAt)).toEqual([]);
        const all = instantsOf(fires.filter((fire) => fire.schedule === "all"));
        expect(all).toEqual(instantsBetween(all[0] ?? 0, all.at(-1) ?? 0, 1000));
      },
    );
  }
});
