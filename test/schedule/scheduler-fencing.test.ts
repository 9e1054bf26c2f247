import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { LeaderLease, LeaderState } from "../../src/runtime/schedule/leader/index.js";
import type { SchedulerHandle } from "../../src/runtime/schedule/scheduler/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { at, openSchedulerBench, type SchedulerBench } from "./support/scheduler-harness.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

/**
 * A lease whose answers the test writes: held under `term` until `lapseAfter(n)` lets
 * only n more `isHeld()` answers be yes (the scheduler asks once per look, once per
 * schedule and once before each write), as if its deadline passed in the middle of a look.
 */
class ScriptedLease implements LeaderLease {
  readonly name = "scheduler";
  readonly ttlMs = 60_000;
  #held: boolean;
  #budget = Infinity;

  constructor(
    readonly replica: string,
    readonly heldTerm: number,
    held = true,
  ) {
    this.#held = held;
  }

  lapseAfter(answers: number): void {
    this.#budget = answers;
  }

  get term(): number | undefined {
    return this.#held ? this.heldTerm : undefined;
  }

  isHeld(): boolean {
    if (!this.#held) return false;
    if (this.#budget <= 0) {
      this.#held = false;
      return false;
    }
    this.#budget -= 1;
    return true;
  }

  tick(): Promise<LeaderState> {
    return Promise.resolve(
      this.#held ? { held: true, term: this.heldTerm } : { held: false, holder: "elsewhere" },
    );
  }

  release(): Promise<void> {
    this.#held = false;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.release();
  }
}

const project = writeSchedulerProject();
afterAll(() => {
  project.remove();
});

describeEachBackend("scheduler fencing", (fixture) => {
  let bench: SchedulerBench;
  const opened: SchedulerHandle[] = [];
  let names = 0;
  const fresh = (label: string) => `${label}-${String((names += 1))}`;

  beforeAll(async () => {
    bench = await openSchedulerBench(project.dir, fixture.url());
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((handle) => handle.close()));
    await bench.store.clear("schedule", { filters: [{ path: "id__gt", value: 0 }] });
  });
  afterAll(async () => {
    await bench.close();
  });

  const replica = async (lease: ScriptedLease) => {
    const handle = await bench.start({ lease, replica: lease.replica, electionEveryMs: 3_600_000 });
    opened.push(handle);
    return handle;
  };

  it("fires nothing from a replica that does not hold the lease", async () => {
    const name = fresh("standby");
    await bench.save(name);
    bench.clock.set(at(3, 0.1));
    const standby = bench.runtime.startScheduler({
      lease: new ScriptedLease("standby", 1, false),
      now: () => bench.clock.now(),
      tickMs: 3_600_000,
      log: () => undefined,
    });
    opened.push(standby);
    expect(await standby.tick()).toMatchObject({ fired: 0 });
    expect(standby.state.active).toBe(false);
    expect(await bench.fires(name)).toEqual([]);
    expect((await bench.schedule(name)).checked_until).toBe(at(0));
  });

  it("stops mid-look when the lease lapses, and the next holder fires the rest once", async () => {
    const name = fresh("lapse");
    await bench.save(name, { misfire: "catch_up:10" });
    bench.clock.set(at(0, 30));
    const first = new ScriptedLease("first", 1);
    const a = await replica(first);
    // Only this test's schedule may ask the lease: the core's own (retention) must not.
    await bench.store.save("schedule", { key: "retention" }, { paused: true, next_fire: null });
    bench.clock.set(at(5, 0.1));
    // Yes for the look, the schedule and two INSERTs; no before the third.
    first.lapseAfter(4);
    expect(await a.tick()).toMatchObject({ fired: 2, fenced: true });
    expect(await bench.instants(name)).toEqual([at(1), at(2)]);
    // The schedule row was not moved: the next holder looks from where it was.
    expect((await bench.schedule(name)).checked_until).toBe(at(0));
    expect(await a.tick()).toMatchObject({ fired: 0 });

    const b = await replica(new ScriptedLease("second", 2));
    expect(b.state).toMatchObject({ active: true, term: 2 });
    const fires = await bench.fires(name);
    expect(fires.map((fire) => fire.scheduled_for)).toEqual([1, 2, 3, 4, 5].map((m) => at(m)));
    expect(fires.map((fire) => fire.fired_by)).toEqual([
      "first#1",
      "first#1",
      "second#2",
      "second#2",
      "second#2",
    ]);
    expect((await bench.schedule(name)).checked_until).toBe(at(5, 0.1));
  });

  it("fires each instant once even when two replicas both believe they hold", async () => {
    const names = [fresh("split"), fresh("split"), fresh("split")];
    for (const name of names) await bench.save(name, { misfire: "catch_up:100" });
    bench.clock.set(at(0, 30));
    const a = await replica(new ScriptedLease("a", 7));
    const b = await replica(new ScriptedLease("b", 8));
    const reports = [];
    for (const [minute, seconds] of [
      [3, 0.1],
      [3, 0.2],
      [9, 40],
      [10, 0.5],
    ] as const) {
      bench.clock.set(at(minute, seconds));
      reports.push(...(await Promise.all([a.tick(), b.tick()])));
    }
    for (const name of names) {
      const fires = await bench.fires(name);
      expect(fires.map((fire) => fire.scheduled_for)).toEqual(
        Array.from({ length: 10 }, (_, i) => at(i + 1)),
      );
    }
    const fired = reports.reduce((sum, report) => sum + report.fired, 0);
    expect(fired).toBe(30);
  });
});
