import { join } from "node:path";
import { expect, it } from "vitest";
import type { CairnError } from "../../src/foundations/cairn-error.js";
import type { Runtime } from "../../src/runtime/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { collect } from "./support/collect.js";
import { ManualTransport, useQueueRuntime, waitUntil } from "./support/use-queue-runtime.js";

/** Queues a run without following it; answers its id. */
async function enqueue(
  runtime: Runtime,
  command: string,
  parameters: Record<string, unknown>,
  more: { queueName?: string; priority?: number } = {},
): Promise<string> {
  const running = await runtime.start({ command, parameters, origin: "api", queue: true, ...more });
  return running.id;
}

/** Makes a queued execution look like one whose worker died mid-run long ago. */
async function orphan(fixture: ReturnType<typeof useQueueRuntime>, id: string): Promise<void> {
  const old = new Date(Date.now() - 3_600_000).toISOString();
  await fixture
    .store()
    .save(
      "execution",
      { key: id },
      { status: "running", worker: "ghost:1", started: old, heartbeat: old },
    );
}

describeEachBackend("runtime: queued executions", (backend) => {
  const fixture = useQueueRuntime(backend);

  it("queues a run, and its messages stream as if it ran here", async () => {
    const runtime = fixture.runtime();
    const worker = runtime.startWorker({ queues: ["default"], concurrency: 2 });
    try {
      const running = await runtime.start({
        command: "q note",
        parameters: { label: "streamed" },
        origin: "api",
        queue: true,
      });
      const messages = await collect(running.messages);
      expect(messages.map((m) => m.type)).toEqual(["info", "status"]);
      expect(messages.map((m) => m.seq)).toEqual([1, 2]);
      expect(messages.at(-1)).toMatchObject({ status: "success", result: "streamed" });
      expect(await running.finished).toBe("success");
      expect(await fixture.execution(running.id)).toMatchObject({
        status: "success",
        queue: "default",
        priority: 0,
        attempt: 1,
        worker: worker.id,
      });
      expect(await fixture.effects(running.id)).toEqual(["streamed"]);
    } finally {
      await worker.close(5000);
    }
  });

  it("records a background command as queued, and a queued one aborts at once", async () => {
    const runtime = fixture.runtime();
    const running = await runtime.start({
      command: "q later",
      parameters: { label: "never" },
      origin: "api",
    });
    const row = await fixture.execution(running.id);
    expect(row).toMatchObject({ status: "queued", queue: "default", worker: null });
    expect(row.queued).toBeTruthy();
    const followed = collect(await runtime.follow(running.id));
    expect(await runtime.abort(running.id)).toEqual({
      execution: running.id,
      status: "aborted",
      aborting: true,
    });
    expect(await running.finished).toBe("aborted");
    expect((await followed).at(-1)).toMatchObject({
      type: "status",
      status: "aborted",
      error: { code: "CAIRN_EXECUTION_ABORTED" },
    });
    // A job delivered after the abort finds nothing to claim.
    const manual = new ManualTransport();
    const worker = runtime.startWorker({ transport: manual, queues: ["default"] });
    await manual.deliver({ execution: running.id, queue: "default", priority: 0 });
    await worker.close(1000);
    expect(await fixture.effects(running.id)).toEqual([]);
    // The row holds the outcome from the same write that made it final, so a follower
    // reading it before the status message is stored answers the same error.
    expect(await fixture.execution(running.id)).toMatchObject({
      status: "aborted",
      error: { code: "CAIRN_EXECUTION_ABORTED" },
    });
  });

  it("checks parameters before anything is queued", async () => {
    const before = await fixture.store().count("execution");
    const error = await fixture
      .runtime()
      .start({ command: "q later", parameters: {}, origin: "api" })
      .then(
        () => undefined,
        (reason: unknown) => reason as CairnError,
      );
    expect(error?.code).toBe("CAIRN_PARAMETER_INVALID");
    const priority = await fixture
      .runtime()
      .start({
        command: "q note",
        parameters: { label: "x" },
        origin: "api",
        queue: true,
        priority: -1,
      })
      .then(
        () => undefined,
        (reason: unknown) => reason as CairnError,
      );
    expect(priority?.code).toBe("CAIRN_PARAMETER_INVALID");
    expect(await fixture.store().count("execution")).toBe(before);
  });

  it("runs a background command here with local: true", async () => {
    const running = await fixture.runtime().start({
      command: "q later",
      parameters: { label: "here" },
      origin: "cli",
      local: true,
    });
    const messages = await collect(running.messages);
    expect(messages.at(-1)).toMatchObject({ type: "status", status: "success" });
    const row = await fixture.execution(running.id);
    expect(row).toMatchObject({ status: "success", queue: null });
    expect(row.heartbeat).toBeTruthy();
  });

  it("runs a job delivered to two workers at once exactly once", async () => {
    const manual = new ManualTransport();
    const other = await fixture.another({ transport: manual });
    const id = await enqueue(other, "q note", { label: "raced" });
    expect(manual.enqueued.map((e) => e.job)).toEqual([
      { execution: id, queue: "default", priority: 0 },
    ]);
    const one = fixture.runtime().startWorker({ transport: manual, queues: ["default"] });
    const two = other.startWorker({ transport: manual, queues: ["default"] });
    await manual.deliver({ execution: id, queue: "default", priority: 0 });
    await manual.deliver({ execution: id, queue: "default", priority: 0 });
    await Promise.all([one.close(1000), two.close(1000)]);
    expect(await fixture.effects(id)).toEqual(["raced"]);
    expect(await fixture.execution(id)).toMatchObject({ status: "success", attempt: 1 });
  });

  it("takes queued runs by priority, then in order", async () => {
    const runtime = fixture.runtime();
    const ids = [
      await enqueue(runtime, "q urgent", { label: "p5" }, { priority: 5 }),
      await enqueue(runtime, "q urgent", { label: "p0" }),
      await enqueue(runtime, "q urgent", { label: "p2" }, { priority: 2 }),
      await enqueue(runtime, "q urgent", { label: "p0 later" }),
    ];
    expect((await fixture.execution(ids[0] ?? "")).priority).toBe(5);
    const worker = runtime.startWorker({ queues: ["p"], concurrency: 1 });
    try {
      await waitUntil(
        async () => (await fixture.effects()).filter((l) => l.startsWith("p")).length === 4,
      );
    } finally {
      await worker.close(5000);
    }
    expect((await fixture.effects()).filter((l) => l.startsWith("p"))).toEqual([
      "p0",
      "p0 later",
      "p2",
      "p5",
    ]);
  });

  it("never takes another queue's runs", async () => {
    const runtime = fixture.runtime();
    const onB = await runtime.start({
      command: "q on_b",
      parameters: { label: "b" },
      origin: "api",
    });
    const onA = await runtime.start({
      command: "q on_a",
      parameters: { label: "a" },
      origin: "api",
    });
    const worker = runtime.startWorker({ queues: ["a"], concurrency: 2 });
    try {
      expect(await onA.finished).toBe("success");
    } finally {
      await worker.close(5000);
    }
    expect(await fixture.execution(onB.id)).toMatchObject({ status: "queued", queue: "b" });
    expect(await fixture.effects(onB.id)).toEqual([]);
    expect(await runtime.abort(onB.id)).toMatchObject({ status: "aborted" });
  });

  it("retries a failed handler with a backoff, on one stream across attempts", async () => {
    const runtime = fixture.runtime();
    const worker = runtime.startWorker({ queues: ["default"], concurrency: 1 });
    try {
      const running = await runtime.start({
        command: "q flaky",
        parameters: { marker: join(fixture.dir(), `marker-${backend.backend.name}`) },
        origin: "api",
        queue: true,
      });
      const messages = await collect(running.messages);
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
      expect(messages.map((m) => m.type)).toEqual(["error", "warning", "info", "status"]);
      expect(messages[1]).toMatchObject({
        text: expect.stringContaining("attempt 1 of 3 failed; requeued") as unknown,
      });
      expect(messages.at(-1)).toMatchObject({ status: "success", result: "fine" });
      expect(await fixture.execution(running.id)).toMatchObject({ status: "success", attempt: 2 });
    } finally {
      await worker.close(5000);
    }
  });

  it("respects not_before: a retry waits on the queue for its backoff", async () => {
    const manual = new ManualTransport();
    const other = await fixture.another({ transport: manual });
    const worker = other.startWorker({ transport: manual, queues: ["default"] });
    try {
      const id = await enqueue(other, "q broken", {});
      await manual.deliver({ execution: id, queue: "default", priority: 0 });
      const row = await fixture.execution(id);
      expect(row).toMatchObject({ status: "queued", attempt: 2, worker: null });
      expect(Date.parse(String(row.not_before))).toBeGreaterThan(Date.parse(String(row.queued)));
      const again = manual.enqueued.filter((e) => e.job.execution === id);
      expect(again).toHaveLength(2);
      expect(again[1]?.options.delayMs).toBeGreaterThan(0);
      // Delivered early (a sweeper, a redelivery): not due, so nobody claims it.
      await manual.deliver({ execution: id, queue: "default", priority: 0 });
      expect(await fixture.execution(id)).toMatchObject({ status: "queued", attempt: 2 });
      const types = (await fixture.messages(id)).map((m) => m.type);
      expect(types).toEqual(["error", "warning"]);
      await other.abort(id);
    } finally {
      await worker.close(1000);
    }
  });

  it("requeues a run whose worker stopped heartbeating, and it runs again", async () => {
    const runtime = fixture.runtime();
    const id = await enqueue(runtime, "q retried", { label: "reaped" }, { queueName: "parked" });
    await orphan(fixture, id);
    const reaper = runtime.startReaper();
    await reaper.sweep();
    reaper.close();
    const row = await fixture.execution(id);
    expect(row).toMatchObject({ status: "queued", attempt: 2, worker: null, heartbeat: null });
    const worker = runtime.startWorker({ queues: ["parked"] });
    try {
      const messages = await collect(await runtime.follow(id));
      expect(messages[0]).toMatchObject({
        type: "warning",
        text: expect.stringContaining("stopped heartbeating") as unknown,
      });
      expect(messages.at(-1)).toMatchObject({ type: "status", status: "success" });
    } finally {
      await worker.close(5000);
    }
    expect(await fixture.execution(id)).toMatchObject({ status: "success", attempt: 2 });
    expect(await fixture.effects(id)).toEqual(["reaped"]);
  });

  it("marks a run lost when its worker stopped and no retries are left", async () => {
    const runtime = fixture.runtime();
    const id = await enqueue(runtime, "q note", { label: "lost" }, { queueName: "parked2" });
    await orphan(fixture, id);
    const other = await fixture.another();
    const reapers = [runtime.startReaper(), other.startReaper()];
    await Promise.all(reapers.map((reaper) => reaper.sweep()));
    for (const reaper of reapers) reaper.close();
    expect(await fixture.execution(id)).toMatchObject({ status: "lost" });
    const messages = await collect(await runtime.follow(id));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: "error", error: { code: "CAIRN_EXECUTION_LOST" } });
  });

  it("puts back on its queue a queued run the transport lost", async () => {
    const manual = new ManualTransport();
    const other = await fixture.another({ transport: manual, sweepAfterMs: 0 });
    const id = await enqueue(other, "q note", { label: "stray" }, { queueName: "strays" });
    manual.enqueued.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reaper = other.startReaper();
    await reaper.sweep();
    reaper.close();
    expect(manual.enqueued.map((e) => e.job)).toContainEqual({
      execution: id,
      queue: "strays",
      priority: 0,
    });
    await other.abort(id);
  });

  it("records live workers and removes them when they stop", async () => {
    const runtime = fixture.runtime();
    const worker = runtime.startWorker({ queues: ["default", "a"], concurrency: 3 });
    const mine = { filters: [{ path: "name", value: worker.id }] };
    await waitUntil(async () => (await fixture.store().count("queue_worker", mine)) > 0);
    const [row] = await fixture.store().list("queue_worker", {
      filters: [{ path: "name", value: worker.id }],
    });
    expect(row).toMatchObject({ queues: ["default", "a"], concurrency: 3, pid: process.pid });
    await worker.close(1000);
    expect(
      await fixture
        .store()
        .count("queue_worker", { filters: [{ path: "name", value: worker.id }] }),
    ).toBe(0);
  });

  it("times a queued run out softly (signal), then hard (terminate)", async () => {
    const runtime = fixture.runtime();
    const worker = runtime.startWorker({ queues: ["default"], concurrency: 2 });
    try {
      const [tidy, spin] = await Promise.all(
        ["q tidy", "q spin"].map((command) =>
          runtime.start({ command, parameters: {}, origin: "api", queue: true }),
        ),
      );
      if (tidy === undefined || spin === undefined) throw new Error("both runs start");
      const tidied = await collect(tidy.messages);
      expect(tidied.map((m) => m.type)).toEqual(["info", "error", "status"]);
      expect(tidied[0]).toMatchObject({ text: "cleaning up after the signal" });
      expect(tidied.at(-1)).toMatchObject({
        status: "failed",
        error: { code: "CAIRN_EXECUTION_TIMEOUT" },
      });
      expect(await spin.finished).toBe("failed");
      expect(await fixture.execution(spin.id)).toMatchObject({
        status: "failed",
        error: { code: "CAIRN_EXECUTION_TIMEOUT" },
      });
    } finally {
      await worker.close(5000);
    }
  });

  it("takes the lock when a worker claims the run: a held lock keeps it queued", async () => {
    const manual = new ManualTransport();
    const other = await fixture.another({ transport: manual });
    const worker = other.startWorker({ transport: manual, queues: ["default"] });
    const now = Date.now();
    const { row: lock } = await fixture.store().save(
      "lock",
      { key: "" },
      {
        name: "q-lock",
        holder: "someone",
        acquired: new Date(now).toISOString(),
        expires: new Date(now + 3_600_000).toISOString(),
      },
    );
    try {
      const id = await enqueue(other, "q locked", { label: "locked" });
      await manual.deliver({ execution: id, queue: "default", priority: 0 });
      const row = await fixture.execution(id);
      expect(row).toMatchObject({ status: "queued", attempt: 1 });
      expect(row.not_before).toBeTruthy();
      expect(manual.enqueued.filter((e) => e.job.execution === id)).toHaveLength(2);
      await fixture.store().remove("lock", { key: String(lock.id) });
      await waitUntil(async () => {
        await manual.deliver({ execution: id, queue: "default", priority: 0 });
        return (await fixture.execution(id)).status === "success";
      });
      expect(await fixture.effects(id)).toEqual(["locked"]);
      expect(
        await fixture.store().count("lock", { filters: [{ path: "name", value: "q-lock" }] }),
      ).toBe(0);
    } finally {
      await worker.close(1000);
    }
  });

  it("runs 200 queued executions exactly once with two runtimes' workers", async () => {
    const runtime = fixture.runtime();
    const other = await fixture.another();
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      ids.push(
        await enqueue(runtime, "q note", { label: `bulk ${String(i)}` }, { queueName: "bulk" }),
      );
    }
    const workers = [
      runtime.startWorker({ queues: ["bulk"], concurrency: 3 }),
      other.startWorker({ queues: ["bulk"], concurrency: 3 }),
    ];
    try {
      await waitUntil(
        async () =>
          (await fixture.store().count("execution", {
            filters: [
              { path: "queue", value: "bulk" },
              { path: "status__in", value: ["queued", "running"] },
            ],
          })) === 0,
      );
    } finally {
      await Promise.all(workers.map((worker) => worker.close(5000)));
    }
    const rows = await fixture.store().list("effect", {
      filters: [{ path: "label__startswith", value: "bulk " }],
      limit: 1000,
    });
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => String(r.execution)))).toEqual(new Set(ids));
    const statuses = await fixture.store().count("execution", {
      filters: [
        { path: "queue", value: "bulk" },
        { path: "status", value: "success" },
      ],
    });
    expect(statuses).toBe(200);
    const workersUsed = await fixture.store().list("execution", {
      filters: [{ path: "queue", value: "bulk" }],
      fields: ["worker"],
      limit: 1000,
    });
    expect(new Set(workersUsed.map((r) => r.worker)).size).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
