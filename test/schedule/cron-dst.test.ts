import { describe, expect, it } from "vitest";
import { nextFireAfter, nextFireTimes } from "../../src/runtime/schedule/timing/index.js";
import { wallMs } from "./support/cron-match.js";
import { isos, timing } from "./support/timing.js";

/** The fires of a timing between two instants, as ISO strings. */
function firesBetween(text: string, zone: string, from: string, to: string): string[] {
  return isos(nextFireTimes(timing(text, zone), new Date(from), 200)).filter((iso) => iso < to);
}

/** How many fires fall on each local date. */
function perLocalDay(fires: readonly string[], zone: string): Record<string, number> {
  const days: Record<string, number> = {};
  for (const fire of fires) {
    const day = new Date(wallMs(Date.parse(fire), zone)).toISOString().slice(0, 10);
    days[day] = (days[day] ?? 0) + 1;
  }
  return days;
}

describe("a daily 02:30 job when the clock springs forward", () => {
  it("runs once at 03:00 in Paris on 2027-03-28", () => {
    const fires = firesBetween(
      "cron 30 2 * * *",
      "Europe/Paris",
      "2027-03-27T00:00Z",
      "2027-03-30T00:00Z",
    );
    expect(fires).toEqual([
      "2027-03-27T01:30:00.000Z", // 02:30 CET
      "2027-03-28T01:00:00.000Z", // 02:30 does not exist: 03:00 CEST, the end of the gap
      "2027-03-29T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("runs once at 03:00 in New York on 2027-03-14", () => {
    const fires = firesBetween(
      "cron 30 2 * * *",
      "America/New_York",
      "2027-03-13T00:00Z",
      "2027-03-16T00:00Z",
    );
    expect(fires).toEqual([
      "2027-03-13T07:30:00.000Z", // 02:30 EST
      "2027-03-14T07:00:00.000Z", // 03:00 EDT
      "2027-03-15T06:30:00.000Z", // 02:30 EDT
    ]);
  });

  it("treats a list of fixed times the same way", () => {
    const fires = firesBetween(
      "cron 30 2,14 * * *",
      "Europe/Paris",
      "2027-03-28T00:00Z",
      "2027-03-29T00:00Z",
    );
    expect(fires).toEqual(["2027-03-28T01:00:00.000Z", "2027-03-28T12:30:00.000Z"]);
  });

  it("runs a job due at the start of a half-hour gap at its end (Lord Howe)", () => {
    // Australia/Lord_Howe moves from +10:30 to +11:00 at 02:00 on 2027-10-03.
    expect(
      nextFireAfter(
        timing("cron 15 2 * * *", "Australia/Lord_Howe"),
        new Date("2027-10-02T00:00Z"),
      )?.toISOString(),
    ).toBe("2027-10-02T15:30:00.000Z");
  });
});

describe("a daily job when the clock falls back", () => {
  it("runs 02:30 once in Paris on 2027-10-31, at the first occurrence", () => {
    const fires = firesBetween(
      "cron 30 2 * * *",
      "Europe/Paris",
      "2027-10-30T00:00Z",
      "2027-11-02T00:00Z",
    );
    expect(fires).toEqual([
      "2027-10-30T00:30:00.000Z", // 02:30 CEST
      "2027-10-31T00:30:00.000Z", // 02:30 CEST, the first of the two
      "2027-11-01T01:30:00.000Z", // 02:30 CET
    ]);
  });

  it("does not run again on the second pass, even when asked from between the two", () => {
    const between = new Date("2027-10-31T00:45:00Z"); // 02:45 CEST, before the clock goes back
    expect(nextFireAfter(timing("cron 30 2 * * *", "Europe/Paris"), between)?.toISOString()).toBe(
      "2027-11-01T01:30:00.000Z",
    );
  });

  it("runs 01:30 once in New York on 2027-11-07", () => {
    const fires = firesBetween(
      "cron 30 1 * * *",
      "America/New_York",
      "2027-11-06T00:00Z",
      "2027-11-09T00:00Z",
    );
    expect(fires).toEqual([
      "2027-11-06T05:30:00.000Z", // 01:30 EDT
      "2027-11-07T05:30:00.000Z", // 01:30 EDT, the first of the two
      "2027-11-08T06:30:00.000Z", // 01:30 EST
    ]);
    expect(
      nextFireAfter(
        timing("cron 30 1 * * *", "America/New_York"),
        new Date("2027-11-07T05:45Z"),
      )?.toISOString(),
    ).toBe("2027-11-08T06:30:00.000Z");
  });

  it("runs 02:30 once in New York on 2027-11-07, where it is not repeated", () => {
    const fires = firesBetween(
      "cron 30 2 * * *",
      "America/New_York",
      "2027-11-07T00:00Z",
      "2027-11-08T00:00Z",
    );
    expect(fires).toEqual(["2027-11-07T07:30:00.000Z"]);
  });
});

describe("an hourly job follows real instants", () => {
  it("fires on both 02:00s in Paris when the clock falls back: 25 fires that day", () => {
    const fires = firesBetween(
      "cron 0 * * * *",
      "Europe/Paris",
      "2027-10-30T21:30Z",
      "2027-11-01T00:00Z",
    );
    expect(fires.slice(0, 5)).toEqual([
      "2027-10-30T22:00:00.000Z", // 00:00 CEST, the local day starts
      "2027-10-30T23:00:00.000Z", // 01:00 CEST
      "2027-10-31T00:00:00.000Z", // 02:00 CEST
      "2027-10-31T01:00:00.000Z", // 02:00 CET, an hour later in real time
      "2027-10-31T02:00:00.000Z", // 03:00 CET
    ]);
    expect(perLocalDay(fires, "Europe/Paris")["2027-10-31"]).toBe(25);
  });

  it("fires on both 01:00s in New York when the clock falls back", () => {
    const fires = firesBetween(
      "cron 0 * * * *",
      "America/New_York",
      "2027-11-07T03:30Z",
      "2027-11-07T07:30Z",
    );
    expect(fires).toEqual([
      "2027-11-07T04:00:00.000Z", // 00:00 EDT
      "2027-11-07T05:00:00.000Z", // 01:00 EDT
      "2027-11-07T06:00:00.000Z", // 01:00 EST
      "2027-11-07T07:00:00.000Z", // 02:00 EST
    ]);
  });

  it("skips the missing hour when the clock springs forward: 23 fires that day", () => {
    const paris = firesBetween(
      "cron 0 * * * *",
      "Europe/Paris",
      "2027-03-27T22:00Z",
      "2027-03-29T00:00Z",
    );
    expect(paris.slice(0, 4)).toEqual([
      "2027-03-27T23:00:00.000Z", // 00:00 CET
      "2027-03-28T00:00:00.000Z", // 01:00 CET
      "2027-03-28T01:00:00.000Z", // 03:00 CEST, once
      "2027-03-28T02:00:00.000Z", // 04:00 CEST
    ]);
    expect(perLocalDay(paris, "Europe/Paris")["2027-03-28"]).toBe(23);
    const newYork = firesBetween(
      "cron 0 * * * *",
      "America/New_York",
      "2027-03-14T05:30Z",
      "2027-03-14T08:30Z",
    );
    expect(newYork).toEqual([
      "2027-03-14T06:00:00.000Z",
      "2027-03-14T07:00:00.000Z",
      "2027-03-14T08:00:00.000Z",
    ]);
  });

  it("skips the missing times of a stepped job", () => {
    const fires = firesBetween(
      "cron */30 1-3 * * *",
      "Europe/Paris",
      "2027-03-27T23:30Z",
      "2027-03-28T02:00Z",
    );
    expect(fires).toEqual([
      "2027-03-28T00:00:00.000Z", // 01:00 CET
      "2027-03-28T00:30:00.000Z", // 01:30 CET
      "2027-03-28T01:00:00.000Z", // 03:00 CEST (02:00 and 02:30 do not exist)
      "2027-03-28T01:30:00.000Z", // 03:30 CEST
    ]);
  });
});

describe("day-of-month and day-of-week", () => {
  const days = (text: string): string[] =>
    isos(nextFireTimes(timing(text), new Date("2027-01-01T00:00Z"), 6)).map((iso) =>
      iso.slice(0, 10),
    );

  it("means either day when both are restricted, as Vixie cron does", () => {
    // 2027-01-01 is a Friday.
    expect(days("cron 0 6 13 * 5")).toEqual([
      "2027-01-01",
      "2027-01-08",
      "2027-01-13",
      "2027-01-15",
      "2027-01-22",
      "2027-01-29",
    ]);
  });

  it("means only the weekdays when day-of-month is *", () => {
    expect(days("cron 0 6 * * 1-5")).toEqual([
      "2027-01-01",
      "2027-01-04",
      "2027-01-05",
      "2027-01-06",
      "2027-01-07",
      "2027-01-08",
    ]);
  });

  it("means both when a field starts with *, as in */2", () => {
    expect(days("cron 0 6 */2 * 1")).toEqual([
      "2027-01-11",
      "2027-01-25",
      "2027-02-01",
      "2027-02-15",
      "2027-03-01",
      "2027-03-15",
    ]);
  });

  it("reads 7 as Sunday", () => {
    expect(days("cron 0 6 * * 7")).toEqual(days("cron 0 6 * * 0"));
    expect(days("cron 0 6 * * SUN")).toEqual(days("cron 0 6 * * 0"));
  });
});

describe("cron bounds", () => {
  it("counts a fire at exactly begin and not one at exactly end", () => {
    const bounded = timing("cron 0 6 * * *", "UTC", {
      begin: "2027-01-03T06:00:00Z",
      end: "2027-01-05T06:00:00Z",
    });
    expect(isos(nextFireTimes(bounded, new Date("2027-01-01T00:00Z"), 10))).toEqual([
      "2027-01-03T06:00:00.000Z",
      "2027-01-04T06:00:00.000Z",
    ]);
    expect(nextFireAfter(bounded, new Date("2027-01-04T06:00Z"))).toBeUndefined();
  });

  it("is strictly after the instant asked about, to the millisecond", () => {
    const daily = timing("cron 0 6 * * *");
    expect(nextFireAfter(daily, new Date("2027-01-01T06:00:00.000Z"))?.toISOString()).toBe(
      "2027-01-02T06:00:00.000Z",
    );
    expect(nextFireAfter(daily, new Date("2027-01-01T05:59:59.999Z"))?.toISOString()).toBe(
      "2027-01-01T06:00:00.000Z",
    );
    expect(nextFireAfter(daily, new Date("2027-01-01T06:00:00.001Z"))?.toISOString()).toBe(
      "2027-01-02T06:00:00.000Z",
    );
  });

  it("finds nothing for a date that never comes", () => {
    expect(nextFireAfter(timing("cron 0 0 30 2 *"), new Date("2027-01-01T00:00Z"))).toBeUndefined();
  });
});
