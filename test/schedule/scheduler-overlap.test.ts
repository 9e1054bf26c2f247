import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { SchedulerHandle } from "../../src/runtime/schedule/scheduler/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { at, openSchedulerBench, type SchedulerBench } from "./support/scheduler-harness.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

const project = writeSchedulerProject();
afterAll(() => {
  project.remove();
});

// A fire stays `queued` until something runs it; the test plays the worker, setting a
// fire `running` and then `success` with the finish time it chooses.
describeEachBackend("scheduler overlap policies", (fixture) => {
  let bench: SchedulerBench;
  let scheduler: SchedulerHandle | undefined;
  let names = 0;
  const fresh = (label: string) => `${label}-${String((names += 1))}`;

  beforeAll(async () => {
    bench = await openSchedulerBench(project.dir, fixture.url());
  });
  afterEach(async () => {
    await scheduler?.close();
    scheduler = undefined;
    await bench.store.clear("schedule", { filters: [{ path: "id__gt", value: 0 }] });
  });
  afterAll(async () => {
    await bench.close();
  });

  const look = async (minutes: number, seconds = 0) => {
    bench.clock.set(at(minutes, seconds));
    if (scheduler === undefined) {
      scheduler = await bench.start();
      return undefined;
    }
    return scheduler.tick();
  };
  const fireOf = async (name: string, minute: number) => {
    const row = (await bench.fires(name)).find((fire) => fire.scheduled_for === at(minute));
    if (row === undefined) throw new Error(`${name} has no fire for minute ${String(minute)}`);
    return row.id;
  };

  it("skip: passes over instants while an earlier fire runs, then fires again", async () => {
    const name = fresh("skip");
    await bench.save(name, { command: "job nap", parameters: { ms: 1 }, overlap: "skip" });
    await look(1, 0.1);
    await bench.end(await fireOf(name, 1), "running");
    expect(await look(2, 0.1)).toMatchObject({ fired: 0, skipped: 1 });
    expect(await look(3, 0.1)).toMatchObject({ fired: 0, skipped: 1 });
    // Passed over means decided: checked_until moves on.
    expect((await bench.schedule(name)).checked_until).toBe(at(3, 0.1));
    await bench.end(await fireOf(name, 1), "success", at(3, 30));
    expect(await look(4, 0.1)).toMatchObject({ fired: 1, skipped: 0 });
    expect(await bench.instants(name)).toEqual([at(1), at(4)]);
  });

  it("skip: a queued fire counts as running, so a backlog fires only its first", async () => {
    const name = fresh("backlog");
    await bench.save(name, { overlap: "skip", misfire: "catch_up:5" });
    await look(0, 30);
    expect(await look(4, 0.1)).toMatchObject({ fired: 1, skipped: 3 });
    expect(await bench.instants(name)).toEqual([at(1)]);
  });

  it("queue: holds the next instant until the earlier fire ended, then fires it once", async () => {
    const name = fresh("queue");
    // misfire skip: the held instant still fires, however late, once its turn comes.
    await bench.save(name, { overlap: "queue", misfire: "skip" });
    await look(1, 0.1);
    await bench.end(await fireOf(name, 1), "running");
    expect(await look(2, 0.1)).toMatchObject({ fired: 0, held: 1 });
    expect(await look(3, 0.1)).toMatchObject({ fired: 0, held: 1 });
    expect(await bench.schedule(name)).toMatchObject({ next_fire: at(2), last_fire: at(1) });
    await bench.end(await fireOf(name, 1), "success", at(3, 30));
    // 02 waited: it fires, 100 s late. 03 also came while 01 ran: one waits, not two.
    expect(await look(3, 40)).toMatchObject({ fired: 1, held: 0 });
    expect(await bench.instants(name)).toEqual([at(1), at(2)]);
    const late = (await bench.fires(name)).find((fire) => fire.scheduled_for === at(2));
    expect(late?.lateness_ms).toBe(100_000);
    // 02's fire is queued: 04 waits for it, then fires once it ended.
    expect(await look(4, 0.1)).toMatchObject({ fired: 0, held: 1 });
    await bench.end(await fireOf(name, 2), "success", at(4, 10));
    expect(await look(4, 20)).toMatchObject({ fired: 1 });
    expect(await look(5, 0.1)).toMatchObject({ fired: 0, held: 1 });
    expect(await bench.instants(name)).toEqual([at(1), at(2), at(4)]);
  });

  it("queue: an instant that came after the earlier fire ended follows the misfire policy", async () => {
    const name = fresh("queue-late");
    await bench.save(name, { overlap: "queue", misfire: "skip" });
    await look(1, 0.1);
    await bench.end(await fireOf(name, 1), "success", at(1, 10));
    // Nobody looked at 02 in time: it is a misfire like any other, dropped by `skip`.
    expect(await look(2, 30)).toMatchObject({ fired: 0, held: 0 });
    expect(await look(3, 0.1)).toMatchObject({ fired: 1 });
    expect(await bench.instants(name)).toEqual([at(1), at(3)]);
  });

  it("allow: fires beside a fire that still runs", async () => {
    const name = fresh("allow");
    await bench.save(name, { overlap: "allow" });
    await look(1, 0.1);
    await bench.end(await fireOf(name, 1), "running");
    expect(await look(2, 0.1)).toMatchObject({ fired: 1, skipped: 0, held: 0 });
    expect(await look(3, 0.1)).toMatchObject({ fired: 1 });
    expect(await bench.instants(name)).toEqual([at(1), at(2), at(3)]);
  });
});
