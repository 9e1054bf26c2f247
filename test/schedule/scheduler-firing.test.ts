import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { SchedulerHandle } from "../../src/runtime/schedule/scheduler/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { at, openSchedulerBench, type SchedulerBench } from "./support/scheduler-harness.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

const project = writeSchedulerProject();
afterAll(() => {
  project.remove();
});

// One scheduler in this process on a test clock: each `tick()` is one look at the
// schedules at the clock's time.
describeEachBackend("scheduler firing", (fixture) => {
  let bench: SchedulerBench;
  let scheduler: SchedulerHandle | undefined;
  let names = 0;
  const fresh = (label: string) => `${label}-${String((names += 1))}`;

  beforeAll(async () => {
    bench = await openSchedulerBench(project.dir, fixture.url());
    // Fires run as the schedule's user, who must still be allowed to run its command.
    await bench.store.save("group", { key: "runners" }, { roles: "admin" });
    await bench.store.save("user", { key: "ada" }, { groups: ["runners"] });
  });
  afterEach(async () => {
    await scheduler?.close();
    scheduler = undefined;
    await bench.store.clear("schedule", { filters: [{ path: "id__gt", value: 0 }] });
  });
  afterAll(async () => {
    await bench.close();
  });

  const start = async (minutes: number, seconds = 0) => {
    bench.clock.set(at(minutes, seconds));
    scheduler = await bench.start();
    return scheduler;
  };
  const look = async (minutes: number, seconds = 0) => {
    bench.clock.set(at(minutes, seconds));
    if (scheduler === undefined) throw new Error("no scheduler");
    return scheduler.tick();
  };

  it("fires each instant of an `every` schedule once, as a queued execution", async () => {
    const name = fresh("every");
    await bench.save(name, { command: "job nap", parameters: { ms: 5 }, user: "ada" });
    await start(0, 30);
    expect(await bench.fires(name)).toEqual([]);
    expect((await look(1, 0.25)).fired).toBe(1);
    expect((await look(1, 0.5)).fired).toBe(0);
    expect((await look(2, 0.5)).fired).toBe(1);
    const fires = await bench.fires(name);
    expect(fires).toHaveLength(2);
    const [first] = fires;
    expect(first).toMatchObject({
      command: "job nap",
      parameters: { ms: 5 },
      user: "ada",
      origin: "schedule",
      status: "queued",
      queue: "naps",
      priority: 3,
      schedule: name,
      scheduled_for: at(1),
      fire_key: `${name}@${at(1)}`,
      lateness_ms: 250,
    });
    expect(String(first?.fired_by)).toMatch(/^\S+#\d+$/);
    expect(await bench.schedule(name)).toMatchObject({
      checked_until: at(2, 0.5),
      last_fire: at(2),
      next_fire: at(3),
    });
  });

  it("fires an `at` schedule once, and then it has no next fire", async () => {
    const name = fresh("at");
    await bench.save(name, { expression: "at 2030-01-01T00:05:00Z" });
    await start(4);
    expect((await bench.schedule(name)).next_fire).toBe(at(5));
    expect((await look(5, 0.1)).fired).toBe(1);
    expect((await look(30)).fired).toBe(0);
    expect(await bench.instants(name)).toEqual([at(5)]);
    expect((await bench.schedule(name)).next_fire).toBeNull();
    // Even looked at again from before its instant, its fire key makes a second fire impossible.
    await bench.store.save("schedule", { key: name }, { checked_until: at(0) });
    const again = await look(5, 0.2);
    expect(again).toMatchObject({ fired: 0, alreadyFired: 1 });
    expect(await bench.instants(name)).toEqual([at(5)]);
  });

  it("fires only within begin and end (end excluded)", async () => {
    const name = fresh("bounded");
    await bench.save(name, { begin: at(2), end: at(5) });
    await start(0, 30);
    for (let minute = 1; minute <= 7; minute++) await look(minute, 0.1);
    expect(await bench.instants(name)).toEqual([at(2), at(3), at(4)]);
    expect((await bench.schedule(name)).next_fire).toBeNull();
  });

  it("lets the misfire policy decide instants found late after a clock jump", async () => {
    const names = { once: fresh("once"), all: fresh("all"), none: fresh("none") };
    await bench.save(names.once, { misfire: "run_once" });
    await bench.save(names.all, { misfire: "catch_up:3" });
    await bench.save(names.none, { misfire: "skip" });
    await start(1, 0.1);
    // 9 minutes pass at once: 02 to 09 are misfires, 10 is on time (0.3 s late).
    await look(10, 0.3);
    // 10 minutes more, all found 30 s late.
    await look(20, 30);
    expect(await bench.instants(names.once)).toEqual([at(1), at(10), at(20)]);
    expect(await bench.instants(names.all)).toEqual([
      at(1),
      at(7),
      at(8),
      at(9),
      at(10),
      at(18),
      at(19),
      at(20),
    ]);
    expect(await bench.instants(names.none)).toEqual([at(1), at(10)]);
  });

  it("fires nothing when the clock goes back, and nothing twice once it comes forward", async () => {
    const name = fresh("jump");
    await bench.save(name);
    await start(5, 0.1);
    expect(await bench.instants(name)).toEqual([at(5)]);
    expect((await look(2)).fired).toBe(0);
    expect((await look(4, 59)).fired).toBe(0);
    expect((await bench.schedule(name)).checked_until).toBe(at(5, 0.1));
    expect((await look(6, 0.1)).fired).toBe(1);
    expect(await bench.instants(name)).toEqual([at(5), at(6)]);
  });

  it("fires nothing while paused, and goes on once resumed", async () => {
    const name = fresh("paused");
    await bench.save(name, { paused: true, paused_reason: "paused by ada" });
    await start(1, 0.1);
    await look(2, 0.1);
    await look(3, 0.1);
    expect(await bench.fires(name)).toEqual([]);
    await bench.store.save("schedule", { key: name }, { paused: false, paused_reason: null });
    // The instants it missed while paused are misfires: run_once fires the latest.
    await look(4, 0.1);
    await look(5, 0.1);
    expect(await bench.instants(name)).toEqual([at(4), at(5)]);
  });

  it("looks at a schedule without checked_until from its creation on", async () => {
    const name = fresh("new");
    const anchor = Math.floor(Date.now() / 1000) * 1000 - 600_000;
    await bench.save(name, {
      expression: "every 1s",
      anchor: new Date(anchor).toISOString(),
      checked_until: null,
      misfire: "catch_up:1000",
    });
    const created = Date.parse(String((await bench.schedule(name)).created));
    bench.clock.set(new Date(created + 3500).toISOString());
    scheduler = await bench.start();
    // Not the 600 instants between its anchor and its creation: only those after it.
    const fired = (await bench.instants(name)).map((iso) => Date.parse(iso));
    expect(fired.length).toBe(Math.floor((created + 3500) / 1000) - Math.floor(created / 1000));
    expect(fired.every((instant) => instant > created)).toBe(true);
  });
});
