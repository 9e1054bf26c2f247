import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { TempTree } from "../support/temp-tree.js";
import {
  eventually,
  freePort,
  ownRedis,
  sleep,
  type OwnRedis,
} from "../executors/support/redis.js";
import { hasRedisServer, openCluster, type Cluster } from "./support/cluster.js";
import { writeWorkerProject } from "./support/worker-project.js";

const services = inject("services");

/**
 * The distributed shape end to end: `cairn worker` processes on PostgreSQL and a Redis
 * of the test's own (so it can restart it), executions queued by a runtime in the test
 * as an API node queues them.
 */
describe.skipIf(!services.postgres || !hasRedisServer)("cairn worker, distributed", () => {
  let project: TempTree;
  let redis: OwnRedis;
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    project = writeWorkerProject();
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

  const open = async (): Promise<Cluster> => {
    cluster = await openCluster(project.dir, redis.url);
    return cluster;
  };
  const effectsTwice = (c: Cluster) =>
    c.store.count("effect", { filters: [{ path: "runs__gt", value: 1 }] });

  it("runs 500 queued executions across two workers, each once", { timeout: 180_000 }, async () => {
    const c = await open();
    const [a, b] = await Promise.all([
      c.worker(["--concurrency", "8"]),
      c.worker(["--concurrency", "8"]),
    ]);
    await c.enqueue(500, "e");
    await eventually(async () => (await c.count("success")) === 500, 150_000, "500 successes");
    expect(await c.store.count("effect")).toBe(500);
    expect(await effectsTwice(c)).toBe(0);
    const rows = await c.executions();
    expect(rows.filter((r) => r.status !== "success")).toEqual([]);
    const byWorker = new Set(rows.map((r) => r.worker));
    expect(byWorker).toEqual(new Set([a.name, b.name]));
    expect(rows.every((r) => r.attempt === 1)).toBe(true);
  });

  it(
    "finishes on another worker what a killed worker ran, once",
    { timeout: 120_000 },
    async () => {
      const c = await open();
      const a = await c.worker(["--concurrency", "4"]);
      const ids = await c.enqueue(4, "k", 4000);
      await eventually(
        async () =>
          (await c.executions()).filter((r) => r.status === "running" && r.worker === a.name)
            .length === 4,
        20_000,
        "worker A to run all four",
      );
      await a.kill("SIGKILL");
      const b = await c.worker(["--concurrency", "4"]);
      await eventually(async () => (await c.count("success")) === 4, 60_000, "four successes");
      const rows = await c.executions();
      expect(rows.map((r) => String(r.id)).sort()).toEqual([...ids].sort());
      for (const row of rows) {
        expect(row.status).toBe("success");
        expect(row.worker).toBe(b.name);
        expect(row.attempt).toBe(2);
      }
      // The killed attempts' writes were rolled back: each effect counted once.
      expect(await c.store.count("effect")).toBe(4);
      expect(await effectsTwice(c)).toBe(0);
    },
  );

  it("stops gracefully on SIGTERM, losing nothing", { timeout: 120_000 }, async () => {
    const c = await open();
    const a = await c.worker(["--concurrency", "2", "--grace", "10"]);
    const b = await c.worker(["--concurrency", "2"]);
    await c.enqueue(10, "t", 1500);
    await eventually(
      async () => (await c.executions()).some((r) => r.status === "running" && r.worker === a.name),
      20_000,
      "worker A to run something",
    );
    expect(await a.kill("SIGTERM")).toBe(0);
    expect(a.stderr()).toContain("SIGTERM, stopping");
    await eventually(async () => (await c.count("success")) === 10, 60_000, "ten successes");
    expect(await c.count("lost")).toBe(0);
    expect(await c.store.count("effect")).toBe(10);
    expect(await effectsTwice(c)).toBe(0);
    expect(b.stderr()).not.toContain("Error");
  });

  it("runs everything queued while Redis restarts", { timeout: 120_000 }, async () => {
    const c = await open();
    await c.worker(["--concurrency", "4"]);
    await c.worker(["--concurrency", "4"]);
    await c.enqueue(10, "before");
    await redis.kill();
    // Redis is down: the rows are queued in the database, the transport refuses them.
    await c.enqueue(10, "during");
    await sleep(1000);
    await redis.start();
    await c.enqueue(10, "after");
    await eventually(async () => (await c.count("success")) === 30, 60_000, "thirty successes");
    expect(await c.store.count("effect")).toBe(30);
    expect(await effectsTwice(c)).toBe(0);
  });
});
