import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, ownRedis, sleep, type OwnRedis } from "../executors/support/redis.js";
import { hasRedisServer } from "../workers/support/cluster.js";
import {
  fencingViolations,
  instantsBetween,
  openSchedulerCluster,
  type FireRow,
  type SchedulerCluster,
  type SchedulerProcess,
} from "./support/scheduler-processes.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

const services = inject("services");
const RUN_MS = 60_000;
const SCHEDULES = { "every-1s": 1000, "every-2s": 2000 } as const;

interface RaceResult {
  readonly label: string;
  readonly fires: readonly FireRow[];
  readonly replicas: readonly SchedulerProcess[];
  /** From the SIGTERM of the active replica to another's `active` line. */
  readonly handoverMs: number;
}

/**
 * `count` replicas fire two schedules for RUN_MS; halfway the active one is stopped
 * with SIGTERM (it releases the lease) and a standby takes over.
 */
async function race(
  label: string,
  cluster: SchedulerCluster,
  count: number,
  started: number,
): Promise<RaceResult> {
  for (const [name, ms] of Object.entries(SCHEDULES)) {
    await cluster.every(name, `${String(ms / 1000)}s`);
  }
  const replicas = await Promise.all(Array.from({ length: count }, () => cluster.replica()));
  const first = await cluster.waitForActive(replicas);
  await sleep(Math.max(started + RUN_MS / 2 - Date.now(), 0));
  const stoppedAt = Date.now();
  await first.signal("SIGTERM");
  const rest = replicas.filter((replica) => replica !== first);
  const next = await cluster.waitForActive(rest);
  const handoverMs = (next.changes.findLast((change) => change.active)?.at ?? 0) - stoppedAt;
  await sleep(Math.max(started + RUN_MS - Date.now(), 0));
  await Promise.all(rest.map((replica) => replica.signal("SIGTERM")));
  return { label, fires: await cluster.fires(), replicas, handoverMs };
}

/** Gaps and repeats of one schedule's fires between its first and its last. */
function holes(fires: readonly FireRow[], stepMs: number): { missing: number[]; twice: number[] } {
  const instants = fires.map((fire) => fire.instant).sort((a, b) => a - b);
  const first = instants[0] ?? 0;
  const last = instants.at(-1) ?? 0;
  const seen = new Set(instants);
  return {
    missing: instantsBetween(first, last, stepMs).filter((instant) => !seen.has(instant)),
    twice: instants.filter((instant, i) => instants.indexOf(instant) !== i),
  };
}

describe.skipIf(!services.postgres || !hasRedisServer)("cairn scheduler replicas racing", () => {
  const project = writeSchedulerProject();
  let redis: OwnRedis;
  const clusters: SchedulerCluster[] = [];

  beforeAll(async () => {
    redis = ownRedis(await freePort());
    await redis.start();
  });
  afterAll(async () => {
    await Promise.all(clusters.map((cluster) => cluster.close()));
    await redis.kill();
    project.remove();
  });

  // One test runs both deployments at once for the same minute, to keep the suite short:
  // three replicas on a Redis lease, two on the database lease (no Redis at all).
  it(
    "fires every instant exactly once for a minute, across a handover",
    { timeout: 115_000 },
    async () => {
      const env = { CAIRN_SCHEDULER_LEASE_SECONDS: "3" };
      const [withRedis, withDatabase] = await Promise.all([
        openSchedulerCluster(project.dir, env, redis.url),
        openSchedulerCluster(project.dir, env),
      ]);
      clusters.push(withRedis, withDatabase);
      const started = Date.now();
      const results = await Promise.all([
        race("3 replicas, Redis lease", withRedis, 3, started),
        race("2 replicas, database lease", withDatabase, 2, started),
      ]);
      for (const result of results) {
        const byReplica = new Map<string, number>();
        for (const fire of result.fires) {
          byReplica.set(fire.replica, (byReplica.get(fire.replica) ?? 0) + 1);
        }
        console.log(
          `${result.label}: ${String(result.fires.length)} fires; by replica ${JSON.stringify(Object.fromEntries(byReplica))}; handover after SIGTERM ${String(result.handoverMs)} ms`,
        );
        for (const [name, stepMs] of Object.entries(SCHEDULES)) {
          const fires = result.fires.filter((fire) => fire.schedule === name);
          // Nearly a minute's worth: only the edges (start-up, stop) may lack fires.
          expect(fires.length, `${result.label}: ${name}`).toBeGreaterThan(
            (RUN_MS - 15_000) / stepMs,
          );
          expect(holes(fires, stepMs), `${result.label}: ${name}`).toEqual({
            missing: [],
            twice: [],
          });
        }
        expect(fencingViolations(result.fires)).toEqual([]);
        // Both the first and the second holder fired.
        expect(byReplica.size).toBe(2);
        expect(result.handoverMs).toBeLessThan(2000);
      }
    },
  );
});
