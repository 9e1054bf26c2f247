import { describe, expect, it } from "vitest";
import {
  checkTiming,
  resolveTimeZone,
  type ScheduleTiming,
} from "../../src/runtime/schedule/timing/index.js";
import { expectInvalid, timing } from "./support/timing.js";

const NOW = new Date("2027-01-01T12:00:00Z");

describe("checkTiming", () => {
  it("passes good timings", () => {
    expect(() => {
      checkTiming(timing("every 15m", "Europe/Paris"), NOW);
      checkTiming(timing("cron 0 6 * * 1-5", "America/New_York"), NOW);
      checkTiming(timing("at 2027-01-01T13:01", "Europe/Paris"), NOW);
      checkTiming(
        timing("every 1h", "UTC", { begin: "2027-02-01T00:00Z", end: "2027-03-01T00:00Z" }),
        NOW,
      );
    }).not.toThrow();
  });

  it("refuses an unknown time zone, suggesting the closest", () => {
    const message = expectInvalid(
      () => {
        checkTiming(timing("every 15m", "Europe/Pariss"), NOW);
      },
      "unknown time zone 'Europe/Pariss'",
      "did you mean 'Europe/Paris'",
    );
    expect(message).toMatch(/^unknown time zone/);
    expectInvalid(() => {
      checkTiming(timing("every 15m", ""), NOW);
    }, "needs a time zone");
  });

  it("refuses a zero or negative interval", () => {
    const withMs = (ms: number): ScheduleTiming => ({
      expression: { kind: "every", ms, text: `every ${ms}ms` },
      timezone: "UTC",
      anchor: NOW,
    });
    expectInvalid(() => {
      checkTiming(withMs(0), NOW);
    }, 'an interval of zero never fires: use "every 15m"');
    expectInvalid(() => {
      checkTiming(withMs(-60_000), NOW);
    }, "not a positive length");
    expectInvalid(() => {
      checkTiming(withMs(Number.NaN), NOW);
    }, "not a positive length");
  });

  it("refuses an end that is not after begin", () => {
    for (const end of ["2027-02-01T00:00Z", "2027-01-15T00:00Z"]) {
      expectInvalid(
        () => {
          checkTiming(timing("every 1h", "UTC", { begin: "2027-02-01T00:00Z", end }), NOW);
        },
        "is not after its begin 2027-02-01T00:00:00.000Z",
        '"every 1h"',
      );
    }
  });

  it("refuses an end that has passed", () => {
    expectInvalid(() => {
      checkTiming(
        timing("every 1h", "UTC", { anchor: "2026-01-01T00:00Z", end: "2026-12-31T00:00Z" }),
        NOW,
      );
    }, "has already passed");
  });

  it("refuses an `at` in the past, or now", () => {
    expectInvalid(
      () => {
        checkTiming(timing("at 2026-12-31T08:00", "Europe/Paris"), NOW);
      },
      '"at 2026-12-31T08:00" is in the past',
      "2026-12-31T07:00:00.000Z",
    );
    expectInvalid(() => {
      checkTiming(timing("at 2027-01-01T12:00Z", "Europe/Paris"), NOW);
    }, "in the past");
  });

  it("refuses an `at` outside begin and end", () => {
    expectInvalid(() => {
      checkTiming(timing("at 2027-06-01T08:00Z", "UTC", { end: "2027-05-01T00:00Z" }), NOW);
    }, "outside the schedule's begin and end");
    expectInvalid(() => {
      checkTiming(timing("at 2027-06-01T08:00Z", "UTC", { begin: "2027-07-01T00:00Z" }), NOW);
    }, "outside");
  });

  it("refuses a stored cron pattern with a field out of range, naming it", () => {
    const stored: ScheduleTiming = {
      expression: { kind: "cron", pattern: "0 6 * * 8", text: "cron 0 6 * * 8" },
      timezone: "UTC",
      anchor: NOW,
    };
    expectInvalid(() => {
      checkTiming(stored, NOW);
    }, `cron field day-of-week '8' is out of range 0-7 in "cron 0 6 * * 8"`);
  });

  it("refuses a stored `at` that cannot be read", () => {
    const stored: ScheduleTiming = {
      expression: { kind: "at", local: "2027-02-30T08:00:00", text: "at 2027-02-30T08:00" },
      timezone: "UTC",
      anchor: NOW,
    };
    expectInvalid(() => {
      checkTiming(stored, NOW);
    }, "the day '30'");
  });

  it("refuses a schedule that never fires", () => {
    expectInvalid(() => {
      checkTiming(timing("cron 0 0 30 2 *"), NOW);
    }, '"cron 0 0 30 2 *" never fires');
    expectInvalid(() => {
      checkTiming(timing("cron 0 0 1 1 *", "UTC", { end: "2027-06-01T00:00Z" }), NOW);
    }, "never fires before its end");
  });

  it("refuses invalid dates", () => {
    const bad: ScheduleTiming = { ...timing("every 1h"), begin: new Date(Number.NaN) };
    expectInvalid(() => {
      checkTiming(bad, NOW);
    }, 'the begin of "every 1h" is not a valid date');
  });
});

describe("resolveTimeZone", () => {
  it("answers the canonical name", () => {
    expect(resolveTimeZone("europe/paris")).toBe("Europe/Paris");
    expect(resolveTimeZone("US/Eastern")).toBe("America/New_York");
    expect(resolveTimeZone("UTC")).toBe("UTC");
  });
});
