import { describe, expect, it } from "vitest";
import { adminPrincipal } from "../../src/runtime/access/principal.js";
import type { ScheduleRequest } from "../../src/runtime/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { atDaysFromNow, rejection, useScheduleRuntime } from "./support/schedule-project.js";

describeEachBackend("runtime.createSchedule", (backend) => {
  const fixture = useScheduleRuntime(backend, { env: { CAIRN_TIMEZONE: "europe/paris" } });
  const create = (request: Partial<ScheduleRequest>) =>
    fixture.runtime().createSchedule({
      command: "weather fetch",
      parameters: { station: "03005" },
      origin: "api",
      schedule: "every 15m",
      ...request,
    });

  it("stores the schedule with its checked parameters and answers the next 3 fires", async () => {
    const before = Date.now();
    const created = await create({
      name: "fetch-often",
      parameters: { station: "03005", days: "3", tags: "a,b" },
      parametersAsText: true,
      misfire: "catch_up",
      overlap: "queue",
    });
    expect(created.schedule).toMatchObject({
      name: "fetch-often",
      command: "weather fetch",
      parameters: { station: "03005", days: 3, tags: ["a", "b"], dry_run: false },
      user: "admin",
      expression: "every 15m",
      timezone: "Europe/Paris",
      begin: null,
      end: null,
      misfire: "catch_up:10",
      overlap: "queue",
      paused: false,
      origin: "api",
    });
    const anchor = Date.parse(String(created.schedule.anchor));
    expect(anchor).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(String(created.schedule.checked_until))).toBe(anchor);
    expect(created.next.map((fire) => Date.parse(fire.utc) - anchor)).toEqual([
      900_000, 1_800_000, 2_700_000,
    ]);
    expect(created.schedule.next_fire).toBe(created.next[0]?.utc);
    expect(created.next[0]?.local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]0[12]:00$/);
  });

  it("anchors intervals at begin, reads local bounds in the time zone", async () => {
    const created = await create({
      name: "bounded",
      schedule: "every 1d",
      timezone: "America/New_York",
      begin: "2030-01-01T06:00",
      end: "2030-02-01",
    });
    expect(created.schedule).toMatchObject({
      begin: "2030-01-01T11:00:00.000Z",
      end: "2030-02-01T05:00:00.000Z",
      anchor: "2030-01-01T11:00:00.000Z",
      timezone: "America/New_York",
    });
    expect(created.next).toEqual([
      { utc: "2030-01-01T11:00:00.000Z", local: "2030-01-01T06:00:00-05:00" },
      { utc: "2030-01-02T11:00:00.000Z", local: "2030-01-02T06:00:00-05:00" },
      { utc: "2030-01-03T11:00:00.000Z", local: "2030-01-03T06:00:00-05:00" },
    ]);
  });

  it("derives a name from the command, and runs as the given user", async () => {
    const created = await create({
      principal: adminPrincipal("ada"),
      command: "weather  report",
      parameters: {},
    });
    expect(created.schedule.name).toMatch(/^weather-report-[0-9a-f]{4}$/);
    expect(created.schedule.user).toBe("ada");
    const again = await create({ command: "weather report", parameters: {} });
    expect(again.schedule.name).not.toBe(created.schedule.name);
  });

  it("keeps _lock_wait with the parameters", async () => {
    const created = await create({
      name: "patient",
      parameters: { station: "03005", _lock_wait: 30 },
    });
    expect(created.schedule.parameters).toMatchObject({ _lock_wait: 30, station: "03005" });
  });

  describe("refusals name the part and write nothing", () => {
    const cases: [string, Partial<ScheduleRequest>, string, string, RegExp][] = [
      [
        "a cron field out of range",
        { schedule: "cron 61 6 * * *" },
        "CAIRN_SCHEDULE_INVALID",
        "schedule",
        /cron field minute '61' is out of range 0-59/,
      ],
      [
        "a malformed cron pattern",
        { schedule: "cron 0 6 * *" },
        "CAIRN_SCHEDULE_INVALID",
        "schedule",
        /a cron pattern has 5 fields/,
      ],
      [
        "an unknown time zone",
        { timezone: "Europe/Pariss" },
        "CAIRN_SCHEDULE_INVALID",
        "timezone",
        /unknown time zone 'Europe\/Pariss'; did you mean 'Europe\/Paris'/,
      ],
      [
        "an interval of zero",
        { schedule: "every 0m" },
        "CAIRN_SCHEDULE_INVALID",
        "schedule",
        /an interval of zero never fires/,
      ],
      [
        "an end before the begin",
        { begin: "2031-01-02T00:00Z", end: "2031-01-01T00:00Z" },
        "CAIRN_SCHEDULE_INVALID",
        "end",
        /the end 2031-01-01T00:00:00.000Z of "every 15m" is not after its begin/,
      ],
      [
        "an end already past",
        { end: "2020-01-01" },
        "CAIRN_SCHEDULE_INVALID",
        "end",
        /has already passed/,
      ],
      [
        "a begin that is not a date",
        { begin: "soon" },
        "CAIRN_SCHEDULE_INVALID",
        "begin",
        /cannot read the date and time 'soon' in "begin soon"/,
      ],
      [
        "an at in the past",
        { schedule: "at 2020-05-01T08:00" },
        "CAIRN_SCHEDULE_INVALID",
        "schedule",
        /"at 2020-05-01T08:00" is in the past/,
      ],
      [
        "parameters that do not validate",
        { parameters: { station: "99999", days: 90 } },
        "CAIRN_PARAMETER_INVALID",
        "parameters",
        /parameter 'station'.*99999|parameter 'days'/s,
      ],
      [
        "a missing required parameter",
        { parameters: {} },
        "CAIRN_PARAMETER_INVALID",
        "parameters",
        /station/,
      ],
      [
        "an unknown misfire policy",
        { misfire: "run_twice" },
        "CAIRN_SCHEDULE_INVALID",
        "misfire",
        /unknown misfire policy 'run_twice'/,
      ],
      [
        "an unknown overlap policy",
        { overlap: "wait" },
        "CAIRN_SCHEDULE_INVALID",
        "overlap",
        /unknown overlap policy 'wait'/,
      ],
      [
        "a schema command",
        { command: "db migrate", parameters: {} },
        "CAIRN_SCHEDULE_INVALID",
        "command",
        /'db migrate' cannot be scheduled/,
      ],
      [
        "an unknown command",
        { command: "weather fetsh" },
        "CAIRN_COMMAND_NOT_FOUND",
        "command",
        /did you mean 'weather fetch'/,
      ],
      [
        "a bad name",
        { name: "two words" },
        "CAIRN_SCHEDULE_INVALID",
        "name",
        /schedule name 'two words'/,
      ],
    ];
    for (const [title, request, code, part, message] of cases) {
      it(`refuses ${title}`, async () => {
        const before = await fixture.rows();
        const error = await rejection(create({ name: "refused", ...request }));
        expect(error).toMatchObject({
          code,
          details: expect.objectContaining({ part }) as unknown,
        });
        expect(error.message).toMatch(message);
        expect(await fixture.rows()).toEqual(before);
      });
    }

    it("refuses a name that exists, changing nothing", async () => {
      await create({ name: "taken", schedule: atDaysFromNow(30) });
      const before = await fixture.rows();
      const error = await rejection(create({ name: "taken", schedule: "every 1h" }));
      expect(error).toMatchObject({ code: "CAIRN_RECORD_CONFLICT" });
      expect(error.message).toBe("a schedule named 'taken' already exists");
      expect(String(error.hint)).toContain("cairn schedule save taken");
      expect(await fixture.rows()).toEqual(before);
    });
  });
});
