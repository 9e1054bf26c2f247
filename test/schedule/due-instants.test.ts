import { describe, expect, it } from "vitest";
import {
  dueInstants,
  nextFireTimes,
  parseMisfirePolicy,
  type MisfirePolicy,
} from "../../src/runtime/schedule/timing/index.js";
import { isos, timing } from "./support/timing.js";

const minutely = timing("every 1m", "UTC", { anchor: "2027-01-01T00:00:00Z" });
const POLICIES = ["skip", "run_once", "catch_up", "catch_up:3"].map(parseMisfirePolicy);

const due = (
  since: string,
  now: string,
  policy: string,
  graceMs = 5000,
  schedule = minutely,
): string[] =>
  isos(
    dueInstants(
      schedule,
      { since: new Date(since), now: new Date(now), graceMs },
      parseMisfirePolicy(policy),
    ),
  );

/** `2027-01-01T00:MM:00.000Z` for each minute given. */
const minutes = (...mm: number[]): string[] =>
  mm.map((m) => `2027-01-01T00:${String(m).padStart(2, "0")}:00.000Z`);

describe("a normal tick", () => {
  it.each(["skip", "run_once", "catch_up", "catch_up:3"])("fires what is on time (%s)", (p) => {
    expect(due("2027-01-01T00:00:30Z", "2027-01-01T00:01:00.500Z", p)).toEqual(minutes(1));
    expect(due("2027-01-01T00:01:00.500Z", "2027-01-01T00:01:30Z", p)).toEqual([]);
  });

  it("counts an instant exactly graceMs old as on time", () => {
    expect(due("2027-01-01T00:00:30Z", "2027-01-01T00:01:05.000Z", "skip")).toEqual(minutes(1));
    expect(due("2027-01-01T00:00:30Z", "2027-01-01T00:01:05.001Z", "skip")).toEqual([]);
    expect(due("2027-01-01T00:00:30Z", "2027-01-01T00:01:05.001Z", "run_once")).toEqual(minutes(1));
  });

  it("fires every on-time instant when the grace spans several", () => {
    const since = "2027-01-01T00:00:00Z";
    expect(due(since, "2027-01-01T00:05:00Z", "run_once", 600_000)).toEqual(minutes(1, 2, 3, 4, 5));
  });

  it("counts a negative or NaN grace as zero", () => {
    const since = "2027-01-01T00:00:30Z";
    expect(due(since, "2027-01-01T00:01:00Z", "skip", -5)).toEqual(minutes(1));
    expect(due(since, "2027-01-01T00:01:00.001Z", "skip", Number.NaN)).toEqual([]);
  });
});

describe("when the clock jumps", () => {
  it("fires nothing when it goes back, without throwing", () => {
    for (const policy of POLICIES) {
      const window = {
        since: new Date("2027-01-01T00:10:00Z"),
        now: new Date("2027-01-01T00:05:00Z"),
        graceMs: 5000,
      };
      expect(dueInstants(minutely, window, policy)).toEqual([]);
      expect(dueInstants(minutely, { ...window, now: window.since }, policy)).toEqual([]);
    }
  });

  describe("forward, with an on-time instant at the end", () => {
    const since = "2027-01-01T00:00:30Z";
    const now = "2027-01-01T00:10:00Z";
    it("skip fires only the on-time one", () => {
      expect(due(since, now, "skip")).toEqual(minutes(10));
    });
    it("run_once collapses everything into the latest", () => {
      expect(due(since, now, "run_once")).toEqual(minutes(10));
    });
    it("catch_up fires the last N missed, oldest first, then the on-time one", () => {
      expect(due(since, now, "catch_up:3")).toEqual(minutes(7, 8, 9, 10));
      expect(due(since, now, "catch_up:100")).toEqual(minutes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    });
  });

  describe("forward, with nothing on time", () => {
    const since = "2027-01-01T00:00:30Z";
    const now = "2027-01-01T00:10:30Z";
    it("skip fires nothing", () => {
      expect(due(since, now, "skip")).toEqual([]);
    });
    it("run_once fires the latest missed instant once", () => {
      expect(due(since, now, "run_once")).toEqual(minutes(10));
    });
    it("catch_up fires the last N missed", () => {
      expect(due(since, now, "catch_up:3")).toEqual(minutes(8, 9, 10));
      expect(due(since, now, "catch_up")).toEqual(minutes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    });
  });

  it("stays quick after a year away from a schedule that fires every second", () => {
    const everySecond = timing("every 1s", "UTC", { anchor: "2027-01-01T00:00:00Z" });
    const since = "2027-01-01T00:00:00Z";
    const now = "2028-01-01T00:00:00.400Z";
    const started = performance.now();
    expect(due(since, now, "run_once", 0, everySecond)).toEqual(["2028-01-01T00:00:00.000Z"]);
    expect(due(since, now, "catch_up:2", 0, everySecond)).toEqual([
      "2027-12-31T23:59:59.000Z",
      "2028-01-01T00:00:00.000Z",
    ]);
    const everyMinute = timing("cron * * * * *", "Europe/Paris");
    expect(due(since, now, "run_once", 0, everyMinute)).toEqual(["2028-01-01T00:00:00.000Z"]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("bounds and one-off schedules", () => {
  it("fires nothing at or after end", () => {
    const bounded = timing("every 1m", "UTC", {
      begin: "2027-01-01T00:00:00Z",
      end: "2027-01-01T00:05:00Z",
    });
    expect(due("2027-01-01T00:00:00Z", "2027-01-01T00:10:00Z", "catch_up", 0, bounded)).toEqual(
      minutes(1, 2, 3, 4),
    );
    expect(
      due("2026-12-31T23:59:00Z", "2027-01-01T00:10:00Z", "catch_up", 0, bounded).slice(0, 1),
    ).toEqual(minutes(0));
  });

  it("treats a late `at` by the policy, and fires it only once", () => {
    const once = timing("at 2027-01-01T08:00Z");
    const since = "2027-01-01T07:00:00Z";
    const now = "2027-01-01T09:00:00Z";
    expect(due(since, now, "skip", 60_000, once)).toEqual([]);
    expect(due(since, now, "run_once", 60_000, once)).toEqual(["2027-01-01T08:00:00.000Z"]);
    expect(due(since, now, "catch_up", 60_000, once)).toEqual(["2027-01-01T08:00:00.000Z"]);
    expect(due(now, "2027-01-01T10:00:00Z", "run_once", 60_000, once)).toEqual([]);
  });
});

describe("a scheduler ticking on time", () => {
  it.each(POLICIES.map((p) => [p.kind, p] as [string, MisfirePolicy]))(
    "fires each instant exactly once (%s)",
    (_, policy) => {
      const schedule = timing("cron */5 * * * *", "Europe/Paris");
      const start = Date.parse("2027-10-30T22:00:00Z");
      const fired: string[] = [];
      for (let tick = start; tick < start + 6 * 3_600_000; tick += 20_000) {
        const window = { since: new Date(tick), now: new Date(tick + 20_000), graceMs: 30_000 };
        fired.push(...isos(dueInstants(schedule, window, policy)));
      }
      const expected = isos(nextFireTimes(schedule, new Date(start), 6 * 12));
      expect(fired).toEqual(expected);
    },
  );
});
