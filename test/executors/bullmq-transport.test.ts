import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import {
  createBullmqTransport,
  type BullmqTransportOptions,
  type JobConsumer,
  type QueuedJob,
  type QueueTransport,
} from "../../src/engines/executors/queue/index.js";
import { serviceUrls } from "../support/service-urls.js";
import {
  dropPrefix,
  eventually,
  freePort,
  ownRedis,
  sleep,
  uniquePrefix,
} from "./support/redis.js";

const url = serviceUrls.redis;
const prefix = uniquePrefix("transport");
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const child = fileURLToPath(new URL("./support/consume-child.ts", import.meta.url));

const job = (execution: string, priority = 0, queue = "default"): QueuedJob => ({
  execution,
  queue,
  priority,
});

describe.skipIf(!inject("services").redis)("BullMQ transport", () => {
  const opened: QueueTransport[] = [];
  const consumers: JobConsumer[] = [];
  let counter = 0;

  /** A transport on its own prefix, so each test starts from empty queues. */
  const open = (extra: Partial<BullmqTransportOptions> = {}): QueueTransport => {
    const transport = createBullmqTransport({ url, prefix: `${prefix}-${counter}`, ...extra });
    opened.push(transport);
    return transport;
  };
  const consume = (
    transport: QueueTransport,
    queues: string[],
    concurrency: number,
    run: (job: QueuedJob) => Promise<void>,
  ): JobConsumer => {
    const consumer = transport.consume({ queues, concurrency }, run);
    consumers.push(consumer);
    return consumer;
  };

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.close(1000)));
    await Promise.all(opened.splice(0).map((t) => t.close()));
    await dropPrefix(url, `${prefix}-${counter}`);
    counter += 1;
  });
  afterAll(() => dropPrefix(url, prefix));

  it("keeps one job per execution however often it is enqueued", async () => {
    const transport = open();
    for (let i = 0; i < 3; i++) await transport.enqueue(job("e1"));
    await transport.enqueue(job("e2"));
    const seen: string[] = [];
    consume(transport, ["default"], 2, (j) => {
      seen.push(j.execution);
      return Promise.resolve();
    });
    await eventually(() => seen.length >= 2, 5000, "two jobs");
    await sleep(300);
    expect(seen.sort()).toEqual(["e1", "e2"]);
  });

  it("runs higher priorities first (1 highest)", async () => {
    const transport = open();
    await transport.enqueue(job("p3", 3));
    await transport.enqueue(job("p1", 1));
    await transport.enqueue(job("p2", 2));
    const seen: string[] = [];
    consume(transport, ["default"], 1, (j) => {
      seen.push(j.execution);
      return Promise.resolve();
    });
    await eventually(() => seen.length === 3, 5000, "three jobs");
    expect(seen).toEqual(["p1", "p2", "p3"]);
  });

  it("keeps named queues apart", async () => {
    const transport = open();
    await transport.enqueue(job("a1", 0, "alpha"));
    await transport.enqueue(job("b1", 0, "beta"));
    const alpha: QueuedJob[] = [];
    consume(transport, ["alpha"], 2, (j) => {
      alpha.push(j);
      return Promise.resolve();
    });
    await eventually(() => alpha.length === 1, 5000, "alpha's job");
    await sleep(300);
    expect(alpha).toEqual([job("a1", 0, "alpha")]);
    const beta: QueuedJob[] = [];
    consume(transport, ["beta", "gamma"], 2, (j) => {
      beta.push(j);
      return Promise.resolve();
    });
    await eventually(() => beta.length === 1, 5000, "beta's job");
    expect(beta).toEqual([job("b1", 0, "beta")]);
  });

  it("holds a delayed job until its time", async () => {
    const transport = open();
    const startedAt = Date.now();
    await transport.enqueue(job("later"), { delayMs: 800 });
    let ranAt = 0;
    consume(transport, ["default"], 1, () => {
      ranAt = Date.now();
      return Promise.resolve();
    });
    await eventually(() => ranAt > 0, 5000, "the delayed job");
    expect(ranAt - startedAt).toBeGreaterThanOrEqual(750);
  });

  it("removes a waiting or delayed job, not a running or missing one", async () => {
    const transport = open();
    await transport.enqueue(job("w1"));
    await transport.enqueue(job("d1"), { delayMs: 60_000 });
    expect(await transport.remove("w1")).toBe(true);
    expect(await transport.remove("d1")).toBe(true);
    expect(await transport.remove("w1")).toBe(false);
    expect(await transport.remove("never")).toBe(false);
    await transport.enqueue(job("running"));
    let release = (): void => undefined;
    const seen: string[] = [];
    consume(transport, ["default"], 1, (j) => {
      seen.push(j.execution);
      return new Promise<void>((resolve) => (release = resolve));
    });
    await eventually(() => seen.length === 1, 5000, "the running job");
    expect(seen).toEqual(["running"]);
    expect(await transport.remove("running")).toBe(false);
    release();
  });

  it("runs at most `concurrency` jobs at once, across its queues", async () => {
    const transport = open();
    for (let i = 0; i < 12; i++) await transport.enqueue(job(`c${i}`, 0, i % 2 ? "x" : "y"));
    let now = 0;
    let most = 0;
    let done = 0;
    consume(transport, ["x", "y"], 3, async () => {
      now += 1;
      most = Math.max(most, now);
      await sleep(100);
      now -= 1;
      done += 1;
    });
    await eventually(() => done === 12, 10_000, "twelve jobs");
    expect(most).toBe(3);
  });

  it("enqueues again an execution that asks for it while it runs (a retry)", async () => {
    const transport = open();
    await transport.enqueue(job("retried"));
    const runs: number[] = [];
    consume(transport, ["default"], 1, async (j) => {
      runs.push(Date.now());
      if (runs.length === 1) await transport.enqueue(j, { delayMs: 200 });
      throw new Error("a failing attempt ends its job too");
    });
    await eventually(() => runs.length === 2, 5000, "the second attempt");
  });

  it("closes gracefully, waiting for running jobs within the grace period", async () => {
    const transport = open();
    await transport.enqueue(job("slow"));
    let finished = false;
    let started = false;
    const consumer = consume(transport, ["default"], 1, async () => {
      started = true;
      await sleep(400);
      finished = true;
    });
    await eventually(() => started, 5000, "the slow job");
    await consumer.close(5000);
    expect(finished).toBe(true);
  });

  it("takes at once a requeue of an execution whose worker died", async () => {
    // Default lock and stalled check (30 s): only the requeue can bring it back soon.
    const settings = { url, prefix: `${prefix}-${counter}` };
    const transport = open(settings);
    const killed = spawn(process.execPath, [
      "--import",
      tsx,
      child,
      JSON.stringify(settings),
      "60000",
    ]);
    let out = "";
    killed.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await eventually(() => out.includes("ready"), 15_000, "the child consumer");
    await transport.enqueue(job("dead"));
    await eventually(() => out.includes("start dead"), 5000, "the child to start the job");
    const exited = new Promise((resolve) => killed.once("exit", resolve));
    killed.kill("SIGKILL");
    await exited;
    // Twice, as a reaper and a sweeper might: still one job.
    await transport.enqueue(job("dead"));
    await transport.enqueue(job("dead"));
    const seen: string[] = [];
    consume(transport, ["default"], 1, (j) => {
      seen.push(j.execution);
      return Promise.resolve();
    });
    await eventually(() => seen.length === 1, 5000, "the requeued job");
    await sleep(300);
    expect(seen).toEqual(["dead"]);
  });

  it("delivers again the job of a consumer killed mid-run", async () => {
    const settings = {
      url,
      prefix: `${prefix}-${counter}`,
      lockDurationMs: 1000,
      stalledIntervalMs: 500,
    };
    const transport = open(settings);
    const killed = spawn(process.execPath, [
      "--import",
      tsx,
      child,
      JSON.stringify(settings),
      "60000",
    ]);
    let out = "";
    killed.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await eventually(() => out.includes("ready"), 15_000, "the child consumer");
    await transport.enqueue(job("orphan"));
    await eventually(() => out.includes("start orphan"), 5000, "the child to start the job");
    const exited = new Promise((resolve) => killed.once("exit", resolve));
    killed.kill("SIGKILL");
    await exited;
    const killedAt = Date.now();
    const seen: string[] = [];
    consume(transport, ["default"], 1, (j) => {
      seen.push(j.execution);
      return Promise.resolve();
    });
    await eventually(() => seen.length === 1, 10_000, "the redelivery");
    expect(seen).toEqual(["orphan"]);
    expect(Date.now() - killedAt).toBeLessThan(8000);
  });
});

describe.skipIf(!inject("services").redis)("BullMQ transport across a Redis restart", () => {
  it("reconnects its consumer and runs later jobs", { timeout: 60_000 }, async () => {
    const redis = ownRedis(await freePort());
    await redis.start();
    const options = { url: redis.url, prefix: "restart", maxBackoffMs: 200 };
    const producer = createBullmqTransport(options);
    const consumerSide = createBullmqTransport(options);
    const seen: string[] = [];
    const consumer = consumerSide.consume({ queues: ["default"], concurrency: 2 }, (j) => {
      seen.push(j.execution);
      return Promise.resolve();
    });
    try {
      await producer.enqueue(job("before"));
      await eventually(() => seen.includes("before"), 5000, "the first job");
      await redis.kill();
      // While Redis is down an enqueue fails fast (the database keeps the truth).
      await expect(producer.enqueue(job("during"))).rejects.toThrow();
      await sleep(500);
      await redis.start();
      await eventually(
        async () => {
          try {
            await producer.enqueue(job("after"));
            return true;
          } catch {
            return false;
          }
        },
        10_000,
        "the producer to reconnect",
      );
      await eventually(() => seen.includes("after"), 15_000, "the consumer to reconnect");
    } finally {
      await consumer.close(1000);
      await Promise.all([producer.close(), consumerSide.close()]);
      await redis.kill();
    }
  });
});
