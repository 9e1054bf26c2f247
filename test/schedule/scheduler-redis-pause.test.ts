import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, ownRedis, sleep, type OwnRedis } from "../executors/support/redis.js";
import { hasRedisServer } from "../workers/support/cluster.js";
import {
  fencingViolations,
  instantsBetween,
  openSchedulerCluster,
  type SchedulerCluster,
} from "./support/scheduler-processes.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

const services = inject("services");

describe.skipIf(!services.postgres || !hasRedisServer)("cairn scheduler when Redis stalls", () => {
  const project = writeSchedulerProject();
  let redis: OwnRedis;
  let cluster: SchedulerCluster | undefined;

  beforeAll(async () => {
    redis = ownRedis(await freePort());
    await redis.start();
  });
  afterAll(async () => {
    await cluster?.close();
    await redis.kill();
    project.remove();
  });

  // Redis stops answering (SIGSTOP) while three replicas renew and try to take the
  // lease: renewals and takes hang, time out, or are answered long after they were
  // sent. Pauses longer than the lease, and shorter blips, one after another.
  it(
    "never lets two replicas fire at once, nor fires an instant twice",
    { timeout: 90_000 },
    async () => {
      const c = await openSchedulerCluster(
        project.dir,
        { CAIRN_SCHEDULER_LEASE_SECONDS: "2", CAIRN_SCHEDULER_TICK_MS: "100" },
        redis.url,
      );
      cluster = c;
      await c.every("all", "1s", { misfire: "catch_up:100" });
      await c.every("once", "1s", { misfire: "run_once" });
      const replicas = await Promise.all([c.replica(), c.replica(), c.replica()]);
      await c.waitForActive(replicas);
      const pauses: [pauseMs: number, thenMs: number][] = [
        [3500, 2500],
        [1000, 2000],
        [300, 1500],
        [2500, 2500],
        [1700, 3000],
      ];
      await sleep(2000);
      for (const [pauseMs, thenMs] of pauses) {
        redis.pause();
        await sleep(pauseMs);
        redis.resume();
        await sleep(thenMs);
      }
      await c.waitForActive(replicas);
      await sleep(1500);
      await Promise.all(replicas.map((replica) => replica.signal("SIGTERM")));

      const fires = await c.fires();
      const terms = new Set(fires.map((fire) => fire.term));
      const holders = new Set(fires.map((fire) => fire.replica));
      console.log(
        `${String(fires.length)} fires under terms ${[...terms].join(", ")} by ${String(holders.size)} replica(s)`,
      );
      // A pause past the lease always ends a term.
      expect(terms.size).toBeGreaterThanOrEqual(2);
      // In insert order and in the writers' own clock order alike, the term never goes
      // back and each term is one replica's: no replica fired while another held.
      expect(fencingViolations(fires)).toEqual([]);
      expect(fencingViolations([...fires].sort((a, b) => a.created - b.created))).toEqual([]);
      const all = fires
        .filter((fire) => fire.schedule === "all")
        .map((fire) => fire.instant)
        .sort((a, b) => a - b);
      expect(all).toEqual(instantsBetween(all[0] ?? 0, all.at(-1) ?? 0, 1000));
      const once = fires.filter((fire) => fire.schedule === "once").map((fire) => fire.instant);
      expect(new Set(once).size).toBe(once.length);
    },
  );
});
