import { afterEach, expect, it, vi } from "vitest";
import { ExecutionRows } from "../../src/runtime/queue/execution-rows.js";
import { DatabaseLeaseStore } from "../../src/runtime/schedule/leader/database-leader-lease.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { useQueueRuntime } from "./support/use-queue-runtime.js";

/**
 * Heartbeats and the scheduler's lease are written and judged on the database server's
 * clock, so a process whose own clock runs ahead or behind is neither reaped (or taken
 * over) early nor kept alive late.
 */
describeEachBackend("runtime: execution leases on the database's clock", (backend) => {
  const fixture = useQueueRuntime(backend);
  const rows = () => new ExecutionRows(backend.database(), fixture.store(), () => undefined);

  afterEach(() => {
    vi.useRealTimers();
  });

  async function runningExecution(heartbeat: string): Promise<string> {
    const running = await fixture.runtime().start({
      command: "q note",
      parameters: { label: "beat" },
      origin: "api",
      queue: true,
      queueName: "clock",
    });
    await fixture
      .store()
      .save(
        "execution",
        { key: running.id },
        { status: "running", worker: "elsewhere:1", started: heartbeat, heartbeat },
      );
    return running.id;
  }

  it("finds a heartbeat older than the lease, and only that", async () => {
    const id = await runningExecution(new Date(Date.now() - 10_000).toISOString());
    expect((await rows().stale(5_000, 1000)).map((row) => row.id)).toContain(id);
    expect((await rows().stale(60_000, 1000)).map((row) => row.id)).not.toContain(id);
    expect(await rows().markLost(id, 1, 60_000)).toBe(false);
    expect(await rows().markLost(id, 1, 5_000)).toBe(true);
  });

  it.skipIf(backend.backend.name === "sqlite")(
    "stamps heartbeats with the server's time even when this machine's clock is an hour ahead",
    async () => {
      const id = await runningExecution(new Date(Date.now() - 10_000).toISOString());
      const realNow = Date.now();
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(realNow + 3_600_000);
      await rows().heartbeat([id]);
      vi.useRealTimers();
      const stamped = Date.parse(String((await fixture.execution(id)).heartbeat));
      expect(Math.abs(stamped - Date.now())).toBeLessThan(60_000);
      // A fresh heartbeat, judged on the same clock: not stale.
      expect((await rows().stale(5_000, 1000)).map((row) => row.id)).not.toContain(id);
      await fixture.store().save("execution", { key: id }, { status: "failed" });
    },
  );

  it.skipIf(backend.backend.name === "sqlite")(
    "keeps a scheduler lease taken by a replica whose clock is an hour behind until its TTL",
    async () => {
      const store = new DatabaseLeaseStore(backend.database(), "clock-behind", () => undefined);
      const realNow = Date.now();
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(realNow - 3_600_000);
      const attempt = await store.acquire("behind", 2_000, undefined);
      vi.useRealTimers();
      expect(attempt.taken).toBe(true);
      expect((await store.current())?.free).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect((await store.current())?.free).toBe(true);
    },
  );
});
