import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "../runtime/support/run-command.js";
import { useScheduleRuntime } from "./support/schedule-project.js";

describeEachBackend("schedule pause, resume and next", (backend) => {
  const fixture = useScheduleRuntime(backend);
  const run = (command: string, parameters: Record<string, unknown>) =>
    runCommand(fixture.runtime(), command, parameters);
  const row = (name: string) => fixture.store().get("schedule", { key: name });

  it("pauses with the user's name, then resumes from now on", async () => {
    await fixture.runtime().createSchedule({
      name: "daily",
      command: "weather report",
      parameters: {},
      origin: "cli",
      schedule: "cron 30 2 * * *",
      timezone: "Europe/Paris",
    });
    const paused = await run("schedule pause", { key: "daily" });
    expect(paused.messages[0]).toMatchObject({ type: "success", text: "paused schedule daily" });
    expect(await row("daily")).toMatchObject({ paused: true, paused_reason: "paused by admin" });
    const again = await run("schedule pause", { key: "daily" });
    expect(again.messages[0]).toMatchObject({
      type: "info",
      text: "schedule daily is already paused (paused by admin)",
    });

    // The scheduler looked up to an hour ago, then the schedule stayed paused.
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await fixture.store().save("schedule", { key: "daily" }, { checked_until: hourAgo });
    const before = Date.now();
    const resumed = await run("schedule resume", { key: "daily" });
    expect(resumed.last).toMatchObject({ status: "success" });
    const after = await row("daily");
    expect(after).toMatchObject({ paused: false, paused_reason: null });
    expect(Date.parse(String(after.checked_until))).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(String(after.next_fire))).toBeGreaterThan(before);
    const notPaused = await run("schedule resume", { key: "daily" });
    expect(notPaused.messages[0]).toMatchObject({ text: "schedule daily is not paused" });
  });

  it("keeps a schedule paused whose row no longer checks out", async () => {
    await fixture.store().save(
      "schedule",
      { key: "broken" },
      {
        command: "weather report",
        expression: "every 0m",
        timezone: "UTC",
        anchor: new Date().toISOString(),
        paused: true,
        paused_reason: "schedule 'broken': an interval of zero never fires",
      },
    );
    const resumed = await run("schedule resume", { key: "broken" });
    expect(resumed.last).toMatchObject({
      status: "failed",
      error: { code: "CAIRN_SCHEDULE_INVALID", details: { part: "schedule" } },
    });
    expect(await row("broken")).toMatchObject({ paused: true });
  });

  it("lists the next fire times in the schedule's zone and in UTC", async () => {
    const result = await run("schedule next", { key: "daily", count: "3" });
    const table = result.messages.find((message) => message.type === "table");
    expect(table).toMatchObject({ columns: ["Europe/Paris", "utc"] });
    const rows = (table as unknown as { rows: Record<string, string>[] }).rows;
    expect(rows).toHaveLength(3);
    for (const fire of rows) {
      expect(fire["Europe/Paris"]).toMatch(/T0[23]:[03]0:00\+0[12]:00$/);
      expect(Date.parse(fire["Europe/Paris"] ?? "")).toBe(Date.parse(fire.utc ?? ""));
    }
    expect(result.last).toMatchObject({
      status: "success",
      result: { schedule: "daily", timezone: "Europe/Paris" },
    });
  });

  it("warns that a paused schedule's times apply once resumed", async () => {
    await run("schedule pause", { key: "daily" });
    const result = await run("schedule next", { key: "daily" });
    expect(result.messages[0]).toMatchObject({ type: "warning" });
    expect((result.last as { result: { next: unknown[] } }).result.next).toHaveLength(5);
  });

  it("names no schedule that does not exist", async () => {
    await expect(run("schedule pause", { key: "nope" })).rejects.toMatchObject({
      code: "CAIRN_PARAMETER_INVALID",
      message: "schedule pause: parameter 'key' names no schedule 'nope'",
    });
  });
});
