import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { SchedulerHandle } from "../../src/runtime/schedule/scheduler/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { at, openSchedulerBench, type SchedulerBench } from "./support/scheduler-harness.js";
import { writeSchedulerProject } from "./support/scheduler-project.js";

const project = writeSchedulerProject();
afterAll(() => {
  project.remove();
});

// A schedule that can only fail is paused with a reason rather than fired into an error
// loop: rows written by hand (or through the data API), spec changes, removed keys.
describeEachBackend("scheduler pauses broken schedules", (fixture) => {
  let bench: SchedulerBench;
  let scheduler: SchedulerHandle | undefined;
  let names = 0;
  const fresh = (label: string) => `${label}-${String((names += 1))}`;
  const warnings: string[] = [];

  beforeAll(async () => {
    bench = await openSchedulerBench(project.dir, fixture.url());
  });
  afterEach(async () => {
    await scheduler?.close();
    scheduler = undefined;
    await bench.store.clear("schedule", { filters: [{ path: "id__gt", value: 0 }] });
    warnings.length = 0;
  });
  afterAll(async () => {
    await bench.close();
  });

  const look = async (minutes: number, seconds = 0) => {
    bench.clock.set(at(minutes, seconds));
    if (scheduler === undefined) {
      scheduler = await bench.start({
        log: (level, text) => {
          if (level === "warn") warnings.push(text);
        },
      });
      return undefined;
    }
    return scheduler.tick();
  };
  const pausedWith = async (name: string) => {
    const row = await bench.schedule(name);
    expect(row.paused).toBe(true);
    expect(await bench.fires(name)).toEqual([]);
    return String(row.paused_reason);
  };

  it("pauses a schedule whose command is no longer in the spec", async () => {
    const name = fresh("gone");
    await bench.save(name, { command: "job nope" });
    await look(0, 30);
    // Not due yet: nothing checked, nothing paused.
    expect((await bench.schedule(name)).paused).toBe(false);
    expect(await look(1, 0.1)).toMatchObject({ fired: 0, paused: 1 });
    const reason = await pausedWith(name);
    expect(reason).toContain("its command 'job nope' is not in the spec any more");
    expect(reason).toContain("did you mean 'job note'");
    expect(warnings).toContain(`schedule '${name}' paused: ${reason}`);
    // Paused, it is not looked at again.
    expect(await look(2, 0.1)).toMatchObject({ fired: 0, paused: 0 });
  });

  it("pauses a schedule whose parameters no longer pass", async () => {
    const name = fresh("visit");
    await bench.store.save("station", { key: "03005" }, {});
    await bench.save(name, { command: "job visit", parameters: { station: "03005" } });
    await look(1, 0.1);
    expect(await bench.instants(name)).toEqual([at(1)]);
    await bench.store.remove("station", { key: "03005" });
    expect(await look(2, 0.1)).toMatchObject({ fired: 0, paused: 1 });
    const row = await bench.schedule(name);
    expect(row.paused).toBe(true);
    expect(String(row.paused_reason)).toMatch(/^its parameters no longer pass: .*03005/);
    expect(await bench.instants(name)).toEqual([at(1)]);
  });

  it("pauses a schedule with a parameter its command does not have", async () => {
    const name = fresh("unknown");
    await bench.save(name, { parameters: { lable: "x" } });
    await look(1, 0.1);
    expect(await pausedWith(name)).toContain("'lable' is not a parameter of 'job note'");
  });

  it("pauses a row whose timing does not read, naming the schedule", async () => {
    const name = fresh("garbled");
    await bench.save(name, { expression: "every banana" });
    await look(1, 0.1);
    expect(await pausedWith(name)).toMatch(new RegExp(`^schedule '${name}': `));
  });

  it("pauses a schedule of a command that cannot be scheduled", async () => {
    const name = fresh("migrate");
    await bench.save(name, { command: "db migrate" });
    await look(1, 0.1);
    expect(await pausedWith(name)).toContain("'db migrate' cannot be scheduled");
  });

  it("pauses a schedule whose user may no longer run its command", async () => {
    const name = fresh("revoked");
    await bench.store.save("group", { key: "schedulers" }, { roles: "admin" });
    await bench.store.save("user", { key: "ada" }, { groups: ["schedulers"] });
    await bench.save(name, { user: "ada" });
    await look(1, 0.1);
    expect(await bench.instants(name)).toEqual([at(1)]);
    // Her group loses the role: the next fire is not made, and the reason says why.
    await bench.store.save("group", { key: "schedulers" }, { roles: "auditor" });
    expect(await look(2, 0.1)).toMatchObject({ fired: 0, paused: 1 });
    const row = await bench.schedule(name);
    expect(row.paused).toBe(true);
    expect(String(row.paused_reason)).toBe(
      "its user 'ada' may not run 'job note' (it needs one of the roles admin; the user has the roles auditor)",
    );
    expect(await bench.instants(name)).toEqual([at(1)]);
  });

  it("keeps firing the others", async () => {
    const good = fresh("good");
    const bad = fresh("bad");
    await bench.save(bad, { command: "job nope" });
    await bench.save(good);
    await look(1, 0.1);
    await look(2, 0.1);
    expect(await bench.instants(good)).toEqual([at(1), at(2)]);
    expect((await bench.schedule(bad)).paused).toBe(true);
  });
});
