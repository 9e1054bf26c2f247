import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordRow } from "../../src/engines/storage/records/record-store.js";
import { BACKENDS, type TestDatabase } from "../support/backends.js";
import { openSchedulerBench, type SchedulerBench } from "./support/scheduler-harness.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

const NAP_MS = 1500;
const RUN_MS = 8000;

interface Run {
  readonly started: number;
  readonly finished: number;
}

function runsOf(rows: readonly RecordRow[]): Run[] {
  return rows
    .filter((row) => typeof row.started === "string" && typeof row.finished === "string")
    .map((row) => ({
      started: Date.parse(String(row.started)),
      finished: Date.parse(String(row.finished)),
    }))
    .sort((a, b) => a.started - b.started);
}

/** How many runs were running at once, at most. */
function mostAtOnce(runs: readonly Run[]): number {
  return Math.max(
    0,
    ...runs.map(
      (run) => runs.filter((o) => o.started <= run.started && o.finished > run.started).length,
    ),
  );
}

// Real time, a real worker in this process and a command that runs 1.5 s, fired every
// second under each overlap policy.
describe("overlap policies with a long-running command", () => {
  const project = writeSchedulerProject();
  let testDatabase: TestDatabase;
  let bench: SchedulerBench;

  beforeAll(async () => {
    const sqlite = BACKENDS.find((backend) => backend.name === "sqlite");
    if (sqlite === undefined) throw new Error("no sqlite backend");
    testDatabase = await sqlite.createDatabase();
    bench = await openSchedulerBench(project.dir, testDatabase.url, { CAIRN_ISOLATES: "6" });
  });
  afterAll(async () => {
    await bench.close();
    await testDatabase.drop();
    project.remove();
  });

  it(
    "skip never overlaps, queue runs back to back, allow overlaps",
    { timeout: 60_000 },
    async () => {
      // The isolate pool starts its threads on first use: not while the schedules run.
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          const run = await bench.runtime.start({
            command: "job nap",
            parameters: { ms: 200 },
            origin: "api",
            local: true,
          });
          await run.finished;
        }),
      );
      const now = new Date().toISOString();
      for (const overlap of ["skip", "queue", "allow"]) {
        await bench.save(overlap, {
          command: "job nap",
          parameters: { ms: NAP_MS },
          expression: "every 1s",
          anchor: "2020-01-01T00:00:00Z",
          checked_until: now,
          overlap,
        });
      }
      const worker = bench.runtime.startWorker({ concurrency: 6 });
      const scheduler = await bench.start({ now: Date.now, tickMs: 100 });
      await new Promise((resolve) => setTimeout(resolve, RUN_MS));
      await scheduler.close();
      await worker.close(NAP_MS * 3);

      const skip = runsOf(await bench.fires("skip"));
      const queue = runsOf(await bench.fires("queue"));
      const allow = runsOf(await bench.fires("allow"));
      expect(skip.length).toBeGreaterThanOrEqual(2);
      expect(mostAtOnce(skip)).toBe(1);
      expect(queue.length).toBeGreaterThanOrEqual(2);
      expect(mostAtOnce(queue)).toBe(1);
      // Each queued run starts soon after the one before it ended (the held instant).
      for (let i = 1; i < queue.length; i++) {
        expect((queue[i]?.started ?? 0) - (queue[i - 1]?.finished ?? 0)).toBeLessThan(1000);
      }
      expect(mostAtOnce(allow)).toBeGreaterThanOrEqual(2);
      expect(allow.length).toBeGreaterThan(skip.length);
    },
  );
});
