import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "../runtime/support/run-command.js";
import { atDaysFromNow, useScheduleRuntime } from "./support/schedule-project.js";

describeEachBackend("schedule save checks the schedule", (backend) => {
  const fixture = useScheduleRuntime(backend);
  const run = (command: string, parameters: Record<string, unknown>) =>
    runCommand(fixture.runtime(), command, parameters);
  const row = (name: string) => fixture.store().get("schedule", { key: name });

  it("refuses what createSchedule refuses, naming the part, and writes nothing", async () => {
    await fixture.runtime().createSchedule({
      name: "hourly",
      command: "weather fetch",
      parameters: { station: "03005" },
      origin: "cli",
      schedule: "every 1h",
    });
    const before = await fixture.rows();
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ expression: "cron 0 25 * * *" }, "CAIRN_SCHEDULE_INVALID", "schedule"],
      [{ expression: "every 0s" }, "CAIRN_SCHEDULE_INVALID", "schedule"],
      [{ timezone: "Mars/Olympus" }, "CAIRN_SCHEDULE_INVALID", "timezone"],
      [
        { begin: "2031-02-01T00:00:00Z", end: "2031-01-01T00:00:00Z" },
        "CAIRN_SCHEDULE_INVALID",
        "end",
      ],
      [{ expression: "at 2020-01-01T00:00" }, "CAIRN_SCHEDULE_INVALID", "schedule"],
      [{ parameters: '{"station": "03005", "days": 99}' }, "CAIRN_PARAMETER_INVALID", "parameters"],
      [{ parameters: '{"statoin": "03005"}' }, "CAIRN_PARAMETER_INVALID", "parameters"],
      [{ command: "db plan" }, "CAIRN_SCHEDULE_INVALID", "command"],
      [{ misfire: "later" }, "CAIRN_SCHEDULE_INVALID", "misfire"],
    ];
    for (const [values, code, part] of refusals) {
      const result = await run("schedule save", { key: "hourly", ...values });
      expect(result.last, JSON.stringify(values)).toMatchObject({
        status: "failed",
        error: { code, details: expect.objectContaining({ part }) as unknown },
      });
    }
    expect(await fixture.rows()).toEqual(before);
  });

  it("refuses a new schedule without a command or an expression", async () => {
    const result = await run("schedule save", { key: "bare", expression: "every 1h" });
    expect(result.last).toMatchObject({
      status: "failed",
      error: { code: "CAIRN_SCHEDULE_INVALID", message: "a new schedule 'bare' needs a command" },
    });
  });

  it("recomputes next_fire and restarts from now when the timing changes", async () => {
    const before = await row("hourly");
    const result = await run("schedule save", { key: "hourly", expression: "cron 0 6 * * *" });
    expect(result.last).toMatchObject({ status: "success" });
    const after = await row("hourly");
    expect(after.expression).toBe("cron 0 6 * * *");
    expect(new Date(String(after.next_fire)).getUTCHours()).toBe(6);
    expect(Date.parse(String(after.checked_until))).toBeGreaterThanOrEqual(
      Date.parse(String(before.checked_until)),
    );
    // The parameters alone: the timing and checked_until stay.
    await run("schedule save", { key: "hourly", parameters: '{"station": "03005", "days": 2}' });
    const same = await row("hourly");
    expect(same).toMatchObject({
      parameters: { station: "03005", days: 2, dry_run: false },
      checked_until: after.checked_until,
      next_fire: after.next_fire,
    });
  });

  it("moves the anchor with begin", async () => {
    await run("schedule save", {
      key: "hourly",
      expression: "every 1d",
      begin: "2030-03-01T08:00:00Z",
    });
    expect(await row("hourly")).toMatchObject({
      anchor: "2030-03-01T08:00:00.000Z",
      next_fire: "2030-03-01T08:00:00.000Z",
    });
  });

  it("keeps an at that has already fired when the timing is not changed", async () => {
    await fixture.runtime().createSchedule({
      name: "once",
      command: "weather report",
      parameters: {},
      origin: "cli",
      schedule: atDaysFromNow(1),
    });
    // As if it fired and the time went by: the stored timing stays acceptable.
    const store = fixture.store();
    await store.save("schedule", { key: "once" }, { expression: "at 2021-06-01T08:00" });
    const result = await run("schedule save", { key: "once", overlap: "allow" });
    expect(result.last).toMatchObject({ status: "success" });
    expect(await row("once")).toMatchObject({ overlap: "allow", next_fire: null });
    // Changing it to another past time is refused.
    const moved = await run("schedule save", { key: "once", expression: "at 2021-07-01T08:00" });
    expect(moved.last).toMatchObject({ error: { code: "CAIRN_SCHEDULE_INVALID" } });
  });

  it("records who paused it, and clears the reason when unpaused", async () => {
    await run("schedule save", { key: "hourly", paused: "true" });
    expect(await row("hourly")).toMatchObject({ paused: true, paused_reason: "paused by admin" });
    await run("schedule save", { key: "hourly", paused: "false" });
    expect(await row("hourly")).toMatchObject({ paused: false, paused_reason: null });
  });

  it("creates a schedule from its fields, in CAIRN_TIMEZONE by default", async () => {
    const result = await run("schedule save", {
      key: "by-save",
      command: "weather report",
      expression: "cron 30 7 * * 1-5",
    });
    expect(result.last).toMatchObject({ status: "success" });
    expect(await row("by-save")).toMatchObject({
      timezone: "UTC",
      user: "admin",
      origin: "cli",
      parameters: {},
      misfire: "run_once",
      overlap: "skip",
    });
  });
});
