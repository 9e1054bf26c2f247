import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "../runtime/support/run-command.js";
import { useScheduleRuntime } from "../schedule/support/schedule-project.js";

const lines = (...text: string[]): string => text.join("\n");

const SCHEDULES = lines(
  "schedules:",
  "  morning:",
  "    command: weather fetch",
  "    parameters: {station: '03005', days: 2}",
  "    schedule: cron 0 6 * * *",
  "    timezone: Europe/Paris",
  "    user: ada",
  "  broken:",
  "    command: weather report",
  "    schedule: cron 0 6 * * *",
  "    timezone: Europe/Pariss",
  "  held:",
  "    command: weather report",
  "    schedule: every 1h",
  "    paused: true",
  "  bad-params:",
  "    command: weather fetch",
  "    parameters: {station: '99999'}",
  "    schedule: every 1h",
  "  mine:",
  "    command: weather report",
  "    schedule: every 1h",
);

describeEachBackend("syncing the spec's schedules", (backend) => {
  const fixture = useScheduleRuntime(backend, {
    extra: { "spec/schedules.yml": SCHEDULES },
    env: { CAIRN_TIMEZONE: "America/New_York" },
  });
  const row = (name: string) => fixture.store().get("schedule", { key: name });

  it("creates each schedule, pausing those that do not check out with the reason", async () => {
    // A schedule made from the CLI takes a spec name first: the spec never touches it.
    await fixture.runtime().createSchedule({
      name: "mine",
      command: "weather report",
      parameters: {},
      origin: "cli",
      schedule: "every 2h",
    });
    const sync = await fixture.runtime().syncSpecSchedules();
    expect(sync).toMatchObject({
      // Core's own schedule comes first: the retention purge.
      created: ["retention", "morning", "broken", "held", "bad-params"],
      updated: [],
      removed: [],
      skipped: ["mine"],
    });
    expect(await row("morning")).toMatchObject({
      command: "weather fetch",
      parameters: { station: "03005", days: 2, dry_run: false },
      expression: "cron 0 6 * * *",
      timezone: "Europe/Paris",
      user: "ada",
      origin: "spec",
      paused: false,
      paused_reason: null,
    });
    expect(await row("broken")).toMatchObject({
      paused: true,
      paused_reason: expect.stringMatching(
        /^spec: spec\/schedules\.yml:11 schedules\.broken\.timezone: unknown time zone 'Europe\/Pariss'; did you mean 'Europe\/Paris'/,
      ) as unknown,
      origin: "spec",
      next_fire: null,
    });
    expect(await row("bad-params")).toMatchObject({
      paused: true,
      paused_reason: expect.stringMatching(
        /^spec: spec\/schedules\.yml:18 schedules\.bad-params\.parameters: weather fetch: parameter 'station'/,
      ) as unknown,
    });
    expect(await row("held")).toMatchObject({
      paused: true,
      paused_reason: "spec: paused in spec/schedules.yml:15 schedules.held.paused",
      timezone: "America/New_York",
    });
    expect(await row("mine")).toMatchObject({ expression: "every 2h", origin: "cli" });
    expect(sync.invalid.map((problem) => problem.name)).toEqual(["broken", "bad-params"]);
  });

  it("changes nothing when synced again", async () => {
    const before = await fixture.rows();
    const sync = await fixture.runtime().syncSpecSchedules();
    expect(sync.unchanged).toEqual(["retention", "morning", "broken", "held", "bad-params"]);
    expect(sync.created.length + sync.updated.length + sync.removed.length).toBe(0);
    expect(await fixture.rows()).toEqual(before);
  });

  it("updates changed schedules, lifts its own pauses, keeps a hand-made pause, removes the gone", async () => {
    await runCommand(fixture.runtime(), "schedule pause", { key: "held" });
    await runCommand(fixture.runtime(), "schedule pause", { key: "morning" });
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await fixture.store().save("schedule", { key: "morning" }, { checked_until: hourAgo });
    const runtime = await fixture.respec(
      "spec/schedules.yml",
      lines(
        "schedules:",
        "  morning:",
        "    command: weather fetch",
        "    parameters: {station: '03005', days: 2}",
        "    schedule: cron 30 6 * * *",
        "    timezone: Europe/Paris",
        "    user: ada",
        "  broken:",
        "    command: weather report",
        "    schedule: cron 0 6 * * *",
        "    timezone: Europe/Paris",
        "  held:",
        "    command: weather report",
        "    schedule: every 1h",
      ),
    );
    const before = Date.now();
    const sync = await runtime.syncSpecSchedules();
    expect(sync).toMatchObject({
      created: [],
      updated: ["morning", "broken", "held"],
      unchanged: ["retention"],
      removed: ["bad-params"],
      skipped: [],
      invalid: [],
    });
    const morning = await row("morning");
    expect(morning).toMatchObject({ expression: "cron 30 6 * * *", paused: true });
    expect(morning.paused_reason).toBe("paused by admin");
    // A new timing starts afresh: nothing before the change fires as a misfire.
    expect(Date.parse(String(morning.checked_until))).toBeGreaterThanOrEqual(before - 1000);
    expect(await row("broken")).toMatchObject({ paused: false, paused_reason: null });
    // Its `paused: true` left the spec (the pause by hand found it paused already).
    expect(await row("held")).toMatchObject({ paused: false, paused_reason: null });
    await expect(row("bad-params")).rejects.toMatchObject({ code: "CAIRN_RECORD_NOT_FOUND" });
    expect(await row("mine")).toMatchObject({ expression: "every 2h", origin: "cli" });
  });

  it("reports a value the row cannot hold without storing it", async () => {
    const runtime = await fixture.respec(
      "spec/schedules.yml",
      lines(
        "schedules:",
        "  long-user:",
        "    command: weather report",
        "    schedule: every 1h",
        `    user: ${"u".repeat(151)}`,
      ),
    );
    const sync = await runtime.syncSpecSchedules();
    expect(sync.invalid).toEqual([
      {
        name: "long-user",
        reason: expect.stringMatching(
          /^spec: spec\/schedules\.yml:2 schedules\.long-user: /,
        ) as unknown,
      },
    ]);
    expect(sync.removed).toEqual(["broken", "held", "morning"].sort());
    await expect(row("long-user")).rejects.toMatchObject({ code: "CAIRN_RECORD_NOT_FOUND" });
  });
});
