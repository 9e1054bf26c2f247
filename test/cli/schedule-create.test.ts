import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { useScheduleRuntime } from "../schedule/support/schedule-project.js";
import { cli } from "./support/cli-harness.js";

describeEachBackend("cairn COMMAND --schedule", (backend) => {
  const fixture = useScheduleRuntime(backend);
  const run = (...argv: string[]) =>
    cli(argv, { cwd: fixture.dir(), env: { CAIRN_DATABASE_URL: backend.url() } });
  const row = (name: string) => fixture.store().get("schedule", { key: name });

  it("creates the schedule and prints it with its next fire times", async () => {
    const result = await run(
      "weather",
      "fetch",
      "station=03005",
      "--days",
      "3",
      "--tags=a,b",
      "--schedule",
      "cron 30 2 * * *",
      "--schedule-name",
      "nightly",
      "--timezone",
      "Europe/Paris",
      "--misfire=skip",
      "--overlap",
      "allow",
      "--begin",
      "2030-01-01",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("created schedule nightly");
    expect(result.stdout).toMatch(/│ expression +│ cron 30 2 \* \* \* +│/);
    expect(result.stdout).toContain("next fire times:");
    expect(result.stdout).toMatch(/│ Europe\/Paris +│ utc +│/);
    expect(result.stdout).toContain("│ 2030-01-01T02:30:00+01:00 │ 2030-01-01T01:30:00.000Z │");
    expect(await row("nightly")).toMatchObject({
      command: "weather fetch",
      parameters: { station: "03005", days: 3, tags: ["a", "b"], dry_run: false },
      timezone: "Europe/Paris",
      begin: "2029-12-31T23:00:00.000Z",
      misfire: "skip",
      overlap: "allow",
      origin: "cli",
      user: "admin",
    });
  });

  it("prints {schedule, next} with --format json, the row with --format csv", async () => {
    const json = await run(
      "weather",
      "report",
      "--schedule",
      "every 1h",
      "--schedule-name",
      "hourly",
      "--format",
      "json",
    );
    expect(json.code).toBe(0);
    const created = JSON.parse(json.stdout) as { schedule: { name: string }; next: unknown[] };
    expect(created.schedule).toMatchObject({ name: "hourly", expression: "every 1h" });
    expect(created.next).toHaveLength(3);
    const csv = await run("weather", "report", "--schedule", "every 2h", "--format", "csv");
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\r\n")[0]).toContain("name,command,parameters,user,expression");
    expect(csv.stdout).toMatch(/\r\n\d+,weather-report-[0-9a-f]{4},weather report,/);
  });

  it("refuses wrong parts with exit code 2, writing nothing", async () => {
    const before = await fixture.rows();
    const refusals: [string[], RegExp][] = [
      [
        ["--schedule", "cron 0 24 * * *"],
        /CAIRN_SCHEDULE_INVALID: cron field hour '24' is out of range 0-23/,
      ],
      [["--schedule", "cron 0 6 * *"], /CAIRN_SCHEDULE_INVALID: a cron pattern has 5 fields/],
      [["--schedule", "every 1h", "--timezone", "Mars/Base"], /unknown time zone 'Mars\/Base'/],
      [["--schedule", "every 0s"], /an interval of zero never fires/],
      [
        ["--schedule", "every 1h", "--begin", "2031-02-01", "--end", "2031-01-01"],
        /the end 2031-01-01T00:00:00.000Z of "every 1h" is not after its begin/,
      ],
      [["--schedule", "at 2020-01-01T08:00"], /"at 2020-01-01T08:00" is in the past/],
      [["days=99", "--schedule", "every 1h"], /CAIRN_PARAMETER_INVALID: .*parameter 'days'/],
      [
        ["--schedule", "every 1h", "--schedule-name", "nightly"],
        /CAIRN_RECORD_CONFLICT: a schedule named 'nightly' already exists/,
      ],
    ];
    for (const [words, message] of refusals) {
      const result = await run("weather", "fetch", "station=03005", ...words);
      expect(result.code, words.join(" ")).toBe(2);
      expect(result.stderr, words.join(" ")).toMatch(message);
    }
    expect(await fixture.rows()).toEqual(before);
  });

  it("refuses the schedule options without --schedule, and run options with it", async () => {
    const alone = await run("weather", "report", "--timezone", "UTC");
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("error CAIRN_USAGE: --timezone goes with --schedule");
    const named = await run("weather", "report", "--schedule-name=x");
    expect(named.stderr).toContain("--schedule-name goes with --schedule");
    const queued = await run("weather", "report", "--schedule", "every 1h", "--async");
    expect(queued.code).toBe(2);
    expect(queued.stderr).toContain("--schedule creates a schedule: it cannot go with --queue");
    const empty = await run("weather", "report", "--schedule");
    expect(empty.stderr).toContain("option '--schedule' needs a value");
    const twice = await run(
      "weather",
      "report",
      "--schedule",
      "every 1h",
      "--end=2031-01-01",
      "--end=2032-01-01",
    );
    expect(twice.stderr).toContain("option '--end' is given twice");
  });

  it("takes a parameter of the same name as itself without --schedule", async () => {
    // `schedule save` has a `timezone` field: --timezone is that field here.
    const saved = await run("schedule", "save", "hourly", "--timezone", "Asia/Tokyo");
    expect(saved.code).toBe(0);
    expect(await row("hourly")).toMatchObject({ timezone: "Asia/Tokyo" });
  });

  it("pauses, shows the next fires and resumes a schedule", async () => {
    const paused = await run("schedule", "pause", "nightly");
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain("paused schedule nightly");
    const next = await run("schedule", "next", "nightly", "--count", "2");
    expect(next.code).toBe(0);
    expect(next.stdout).toContain("is paused (paused by admin)");
    expect(next.stdout).toMatch(/│ Europe\/Paris +│ utc +│/);
    expect(next.stdout).toContain("│ 2030-01-02T02:30:00+01:00 │ 2030-01-02T01:30:00.000Z │");
    const json = await run("schedule", "next", "nightly", "--format", "json");
    const last = JSON.parse(json.stdout.trim().split("\n").at(-1) ?? "{}") as {
      result: { next: unknown[]; timezone: string };
    };
    expect(last.result).toMatchObject({ timezone: "Europe/Paris" });
    expect(last.result.next).toHaveLength(5);
    const resumed = await run("schedule", "resume", "nightly");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(
      "resumed schedule nightly; next fire 2030-01-01T01:30:00.000Z",
    );
    const missing = await run("schedule", "pause", "nope");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("names no schedule 'nope'");
  });

  it("checks schedule save as it checks --schedule", async () => {
    const before = await fixture.rows();
    const result = await run("schedule", "save", "nightly", "expression=cron 0 25 * * *");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error CAIRN_SCHEDULE_INVALID: cron field hour '25'");
    expect(await fixture.rows()).toEqual(before);
  });
});
