import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cli } from "../cli/support/cli-harness.js";
import { freePort, ownRedis, type OwnRedis } from "../executors/support/redis.js";
import type { TempTree } from "../support/temp-tree.js";
import { hasRedisServer } from "./support/cluster.js";
import { writeWorkerProject } from "./support/worker-project.js";

let project: TempTree;
beforeAll(() => {
  project = writeWorkerProject();
});
afterAll(() => {
  project.remove();
});

describe("cairn worker", () => {
  it("needs CAIRN_REDIS_URL, and says so", async () => {
    const result = await cli(["worker"], { cwd: project.dir, env: { CAIRN_REDIS_URL: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error CAIRN_SETTINGS_INVALID: cairn worker needs Redis");
    expect(result.stderr).toContain("Set CAIRN_REDIS_URL");
  });

  it("refuses a bad --concurrency or --queues before connecting", async () => {
    const env = { CAIRN_REDIS_URL: "redis://127.0.0.1:1" };
    const concurrency = await cli(["worker", "--concurrency", "0"], { cwd: project.dir, env });
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toContain(
      "error CAIRN_USAGE: --concurrency 0 is not a whole number",
    );
    const queues = await cli(["worker", "--queues", "a:b"], { cwd: project.dir, env });
    expect(queues.code).toBe(2);
    expect(queues.stderr).toContain("--queues a:b is not a list of queue names");
  });

  it("shows its options in --help", async () => {
    const result = await cli(["worker", "--help"], { cwd: project.dir });
    expect(result.code).toBe(0);
    for (const option of ["--queues", "--concurrency", "--grace"]) {
      expect(result.stdout).toContain(option);
    }
  });
});

describe.skipIf(!inject("services").redis || !hasRedisServer)("cairn worker on Redis", () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = ownRedis(await freePort());
    await redis.start();
  });
  afterAll(() => redis.kill());

  it("prints its start line, then its ready isolates, and stops with 0 on SIGTERM", async () => {
    const env = { CAIRN_REDIS_URL: redis.url };
    expect((await cli(["db", "migrate"], { cwd: project.dir, env })).code).toBe(0);
    const signals = new EventEmitter();
    const result = cli(["worker", "--queues", "default,reports", "--concurrency", "3"], {
      cwd: project.dir,
      env,
      signals,
      onStderr: (chunk) => {
        if (chunk.includes("handler isolates ready")) signals.emit("SIGTERM");
      },
    });
    const { code, stderr } = await result;
    expect(stderr).toMatch(/cairn worker: \S+ on queues default,reports \(concurrency 3\)/);
    expect(stderr).toMatch(/cairn worker: [1-9]\d* handler isolates ready\n/);
    expect(stderr).toContain("cairn worker: SIGTERM, stopping");
    expect(code).toBe(0);
  });
});
