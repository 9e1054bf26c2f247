import { describe, expect, it } from "vitest";
import { parseScheduleExpression } from "../../src/runtime/schedule/timing/index.js";
import { expectInvalid } from "./support/timing.js";

describe("every", () => {
  it.each([
    ["every 15m", 900_000],
    ["every 30s", 30_000],
    ["every 2h", 7_200_000],
    ["every 1d", 86_400_000],
    ["every 1h30m", 5_400_000],
    ["every 1d 12h", 129_600_000],
    ["  Every   15m ", 900_000],
  ])("reads %j", (text, ms) => {
    expect(parseScheduleExpression(text)).toEqual({ kind: "every", ms, text: text.trim() });
  });

  it.each([
    ["every 0m", "an interval of zero never fires", 'use "every 15m"'],
    ["every 0h0m", "an interval of zero never fires"],
    ["every -5m", "'-5m'", "negative"],
    ["every 1.5h", "'1.5h'", "not a whole number"],
    ["every 15", "'15'", "has no unit"],
    ["every 5x", "unknown interval unit 'x'", '"every 5x"'],
    ["every 15min", "unknown interval unit 'min'"],
    ["every 30m1h", "'30m1h'", "smaller unit first"],
    ["every 5m5m", "repeats a unit"],
    ["every", '"every" needs an interval'],
    ["every soon", "cannot read the interval 'soon'"],
    ["every 99999999999999d", "too long"],
  ])("refuses %j", (text, ...fragments) => {
    expectInvalid(() => parseScheduleExpression(text), ...fragments);
  });
});

describe("cron", () => {
  it.each([
    ["cron 0 6 * * 1-5", "0 6 * * 1-5"],
    ["cron   */15  *  * * *", "*/15 * * * *"],
    ["cron 0 6 * * MON-FRI", "0 6 * * MON-FRI"],
    ["cron 0 0 1 jan,jul *", "0 0 1 jan,jul *"],
    ["cron 0 12 * * 7", "0 12 * * 7"],
    ["cron 0-30/10 0-23/2 1-31/5 1-12/3 0-7/2", "0-30/10 0-23/2 1-31/5 1-12/3 0-7/2"],
    ["cron @daily", "0 0 * * *"],
    ["cron @HOURLY", "0 * * * *"],
    ["cron @weekly", "0 0 * * 0"],
  ])("reads %j", (text, pattern) => {
    expect(parseScheduleExpression(text)).toEqual({ kind: "cron", pattern, text: text.trim() });
  });

  it("names the field and the value that is out of range", () => {
    expect(expectInvalid(() => parseScheduleExpression("cron 0 6 * * 8"))).toBe(
      `cron field day-of-week '8' is out of range 0-7 in "cron 0 6 * * 8"`,
    );
  });

  it.each([
    ["cron 60 * * * *", "minute '60'", "out of range 0-59"],
    ["cron 0 24 * * *", "hour '24'", "out of range 0-23"],
    ["cron 0 0 0 * *", "day-of-month '0'", "out of range 1-31"],
    ["cron 0 0 32 * *", "day-of-month '32'", "out of range 1-31"],
    ["cron 0 0 1 13 *", "month '13'", "out of range 1-12"],
    ["cron 0 0 1 0 *", "month '0'", "out of range 1-12"],
    ["cron 0 6 * * 1-8", "day-of-week '8'"],
    ["cron 0 6 * * FOO", "day-of-week 'FOO'", "not a number"],
    ["cron 0 6 * MON *", "month 'MON'", "not a number"],
    ["cron x 6 * * *", "minute 'x'"],
    ["cron 0 6 * * 5-1", "day-of-week '5-1'", "runs backwards"],
    ["cron */0 * * * *", "minute '*/0'", "step '0'"],
    ["cron */60 * * * *", "minute '*/60'", "outside 1-59"],
    ["cron 0 */x * * *", "hour '*/x'", "step 'x'"],
    ["cron 5/15 * * * *", "minute '5/15'", "step after a single value"],
    ["cron 1,,2 * * * *", "minute '1,,2'", "empty list item"],
    ["cron 0 6 1-2-3 * *", "day-of-month '1-2-3'"],
    ["cron 0 6 L * *", "day-of-month 'L'", "non-standard 'L'"],
    ["cron 0 6 15W * *", "day-of-month '15W'", "non-standard"],
    ["cron 0 6 ? * *", "day-of-month '?'", "non-standard '?'"],
    ["cron 0 6 * * 5#2", "day-of-week '5#2'", "non-standard '#'"],
    ["cron 0 6 * * FRIL", "day-of-week 'FRIL'", "non-standard"],
    ["cron 0 12 1 * +MON", "day-of-week '+MON'", "non-standard '+'"],
    ["cron 0 0 6 * * *", "has 6", "5 fields"],
    ["cron 0 6 * *", "has 4", "minute hour day-of-month month day-of-week"],
    ["cron 0 0 6 * * * 2027", "has 7"],
    ["cron", '"cron" needs a pattern'],
    ["cron @reboot", "unknown cron nickname '@reboot'"],
  ])("refuses %j", (text, ...fragments) => {
    expectInvalid(() => parseScheduleExpression(text), ...fragments, `"${text}"`);
  });

  it("explains that there is no seconds field", () => {
    try {
      parseScheduleExpression("cron 0 0 6 * * *");
    } catch (error) {
      expect((error as { hint?: string }).hint).toContain("no seconds");
    }
    expect.assertions(1);
  });
});

describe("at", () => {
  it.each([
    ["at 2026-12-25T08:00", "2026-12-25T08:00:00"],
    ["at 2026-12-25 08:00:30", "2026-12-25T08:00:30"],
    ["at 2026-12-25T08:00Z", "2026-12-25T08:00:00Z"],
    ["at 2026-12-25t08:00z", "2026-12-25T08:00:00Z"],
    ["at 2026-12-25T08:00+01:00", "2026-12-25T08:00:00+01:00"],
    ["at 2026-12-25T08:00-0530", "2026-12-25T08:00:00-05:30"],
    ["at 2028-02-29T00:00", "2028-02-29T00:00:00"],
  ])("reads %j", (text, local) => {
    expect(parseScheduleExpression(text)).toEqual({ kind: "at", local, text });
  });

  it.each([
    ["at 2026-13-01T08:00", "month '13'", "1-12"],
    ["at 2026-02-30T08:00", "day '30'", "1-28"],
    ["at 2027-02-29T08:00", "day '29'"],
    ["at 2026-04-31T08:00", "day '31'", "1-30"],
    ["at 2026-12-25T24:00", "hour '24'", "0-23"],
    ["at 2026-12-25T08:60", "minute '60'"],
    ["at 2026-12-25T08:00:60", "second '60'"],
    ["at 2026-12-25T08:00+24:00", "offset hours '24'"],
    ["at 2026-12-25", "cannot read the date and time '2026-12-25'"],
    ["at tomorrow", "'tomorrow'"],
    ["at 2026-12-25T08:00:00.500Z", "cannot read"],
    ["at", '"at" needs a date and time'],
  ])("refuses %j", (text, ...fragments) => {
    expectInvalid(() => parseScheduleExpression(text), ...fragments, `"${text}"`);
  });
});

describe("kinds", () => {
  it("suggests the kind meant", () => {
    expectInvalid(
      () => parseScheduleExpression("evry 5m"),
      "unknown schedule kind 'evry'",
      "did you mean 'every'?",
    );
  });

  it("refuses an empty expression", () => {
    expectInvalid(() => parseScheduleExpression("   "), "empty");
  });
});
