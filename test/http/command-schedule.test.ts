import { afterAll, beforeAll, expect, it } from "vitest";
import { CairnClient, isCairnApiError } from "../../src/faces/client/index.js";
import { createApp } from "../../src/faces/http/index.js";
import { useScheduleRuntime } from "../schedule/support/schedule-project.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { cli } from "../cli/support/cli-harness.js";

const TOKEN = "schedule-token";

describeEachBackend("command API: _schedule", (backend) => {
  const fixture = useScheduleRuntime(backend, { env: { CAIRN_ADMIN_TOKEN: TOKEN } });
  let app: Awaited<ReturnType<typeof createApp>>;
  let url: string;
  beforeAll(async () => {
    app = await createApp({ runtime: fixture.runtime(), cairnVersion: "0.0.0", logLevel: false });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (path: string, body: Record<string, unknown> | string, form = false) =>
    app.inject({
      method: "POST",
      url: path,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": form ? "application/x-www-form-urlencoded" : "application/json",
      },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("creates a schedule and answers 201 with the row and the next fire times", async () => {
    const response = await post("/command/weather/fetch", {
      station: "03005",
      days: 4,
      _schedule: "cron 0 6 * * 1-5",
      _timezone: "America/New_York",
      _begin: "2030-01-01",
      _end: "2031-01-01T00:00:00Z",
      _schedule_name: "weekday-fetch",
      _misfire: "catch_up:2",
      _overlap: "queue",
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const body = response.json<{ schedule: Record<string, unknown>; next: unknown[] }>();
    expect(body.schedule).toMatchObject({
      name: "weekday-fetch",
      command: "weather fetch",
      parameters: { station: "03005", days: 4, dry_run: false },
      timezone: "America/New_York",
      begin: "2030-01-01T05:00:00.000Z",
      end: "2031-01-01T00:00:00.000Z",
      misfire: "catch_up:2",
      overlap: "queue",
      origin: "api",
    });
    expect(body.next).toEqual([
      { utc: "2030-01-01T11:00:00.000Z", local: "2030-01-01T06:00:00-05:00" },
      { utc: "2030-01-02T11:00:00.000Z", local: "2030-01-02T06:00:00-05:00" },
      { utc: "2030-01-03T11:00:00.000Z", local: "2030-01-03T06:00:00-05:00" },
    ]);
  });

  it("reads a form body as the CLI's words", async () => {
    const response = await post(
      "/command/weather/fetch",
      "station=03005&tags=a&tags=b&_schedule=every%201h&_schedule_name=form-made",
      true,
    );
    expect(response.statusCode).toBe(201);
    expect(response.json<{ schedule: unknown }>().schedule).toMatchObject({
      parameters: { station: "03005", tags: ["a", "b"] },
    });
  });

  it("answers 400 naming the wrong part, and writes nothing", async () => {
    const before = await fixture.rows();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ _schedule: "cron 0 6 32 * *" }, "CAIRN_SCHEDULE_INVALID", "schedule"],
      [{ _schedule: "cron 0 6 * * * *" }, "CAIRN_SCHEDULE_INVALID", "schedule"],
      [{ _schedule: "every 1h", _timezone: "Nowhere/Land" }, "CAIRN_SCHEDULE_INVALID", "timezone"],
      [{ _schedule: "every 0m" }, "CAIRN_SCHEDULE_INVALID", "schedule"],
      [
        { _schedule: "every 1h", _begin: "2031-01-02", _end: "2031-01-01" },
        "CAIRN_SCHEDULE_INVALID",
        "end",
      ],
      [{ _schedule: "at 2020-01-01T00:00Z" }, "CAIRN_SCHEDULE_INVALID", "schedule"],
      [{ _schedule: "every 1h", days: "many" }, "CAIRN_PARAMETER_INVALID", "parameters"],
      [{ _schedule: "every 1h", _overlap: "maybe" }, "CAIRN_SCHEDULE_INVALID", "overlap"],
    ];
    for (const [body, code, part] of cases) {
      const response = await post("/command/weather/fetch", { station: "03005", ...body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json(), JSON.stringify(body)).toMatchObject({
        error: { code, details: expect.objectContaining({ part }) as unknown },
      });
    }
    expect(await fixture.rows()).toEqual(before);
  });

  it("refuses schedule options without _schedule, or beside run options", async () => {
    const alone = await post("/command/weather/report", { _timezone: "UTC" });
    expect(alone.statusCode).toBe(400);
    expect(alone.json()).toMatchObject({
      error: {
        code: "CAIRN_PARAMETER_INVALID",
        message: "option '_timezone': goes with _schedule, which is not given",
      },
    });
    const queued = await post("/command/weather/report", { _schedule: "every 1h", _async: true });
    expect(queued.statusCode).toBe(400);
    const typed = await post("/command/weather/report", { _schedule: 5 });
    expect(typed.json()).toMatchObject({
      error: { message: "option '_schedule': expected text, got 5" },
    });
  });

  it("answers 409 for a name that exists, 404 for an unknown command", async () => {
    const taken = await post("/command/weather/report", {
      _schedule: "every 1h",
      _schedule_name: "weekday-fetch",
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { code: "CAIRN_RECORD_CONFLICT" } });
    const unknown = await post("/command/weather/fetsh", { _schedule: "every 1h" });
    expect(unknown.statusCode).toBe(404);
  });

  it("creates schedules through the client and through cairn --host", async () => {
    const client = new CairnClient({ url, token: TOKEN });
    const created = await client.schedule(
      "weather fetch",
      { station: "03005" },
      { schedule: "every 6h", name: "by-client", overlap: "allow" },
    );
    expect(created.schedule).toMatchObject({ name: "by-client", overlap: "allow", origin: "api" });
    expect(created.next).toHaveLength(3);
    const refused = await client
      .schedule("weather fetch", { station: "03005" }, { schedule: "every 0s" })
      .catch((error: unknown) => error);
    expect(isCairnApiError(refused) && refused.code).toBe("CAIRN_SCHEDULE_INVALID");

    const env = { CAIRN_TOKEN: TOKEN };
    const remote = (...argv: string[]) =>
      cli(["--host", url, ...argv], { cwd: fixture.dir(), env });
    const made = await remote(
      "weather",
      "fetch",
      "station=03005",
      "tags=x,y",
      "--schedule",
      "every 2h",
      "--schedule-name",
      "by-host",
      "--format",
      "json",
    );
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({
      schedule: { name: "by-host", parameters: { tags: ["x", "y"] }, origin: "api" },
    });
    const bad = await remote("weather", "fetch", "station=03005", "--schedule", "cron 99 * * * *");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error CAIRN_SCHEDULE_INVALID: cron field minute '99'");
    const table = await remote("schedule", "next", "by-host", "--count", "1");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ UTC +│ utc +│/);
  });
});
