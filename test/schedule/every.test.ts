import { describe, expect, it } from "vitest";
import {
  nextFireAfter,
  nextFireTimes,
  type ScheduleTiming,
} from "../../src/runtime/schedule/timing/index.js";
import { isos, timing } from "./support/timing.js";

describe("every", () => {
  it("fires at anchor + k * interval, without drift over 10,000 steps", () => {
    const anchor = Date.parse("2027-01-01T00:00:07.250Z");
    const every = timing("every 15m", "UTC", { anchor: new Date(anchor).toISOString() });
    const fires = nextFireTimes(every, new Date(anchor), 10_000);
    expect(fires).toHaveLength(10_000);
    fires.forEach((fire, index) => {
      expect(fire.getTime()).toBe(anchor + (index + 1) * 900_000);
    });
  });

  it("keeps its grid whenever it is asked", () => {
    const every = timing("every 1h30m", "UTC", { anchor: "2027-01-01T00:00:00Z" });
    expect(nextFireAfter(every, new Date("2027-01-01T00:00:00Z"))?.toISOString()).toBe(
      "2027-01-01T01:30:00.000Z",
    );
    expect(nextFireAfter(every, new Date("2027-01-01T01:29:59.999Z"))?.toISOString()).toBe(
      "2027-01-01T01:30:00.000Z",
    );
    expect(nextFireAfter(every, new Date("2027-01-01T01:30:00Z"))?.toISOString()).toBe(
      "2027-01-01T03:00:00.000Z",
    );
    // A million steps later, still on the grid.
    const late = Date.parse("2027-01-01T00:00:00Z") + 1_000_000 * 5_400_000 + 1;
    expect(nextFireAfter(every, new Date(late))?.getTime()).toBe(late - 1 + 5_400_000);
  });

  it("extends the grid before the anchor when there is no begin", () => {
    const every = timing("every 15m", "UTC", { anchor: "2027-01-01T12:00:00Z" });
    expect(nextFireAfter(every, new Date("2027-01-01T11:40:00Z"))?.toISOString()).toBe(
      "2027-01-01T11:45:00.000Z",
    );
  });

  it("starts at begin and stops before end", () => {
    const bounded = timing("every 1h", "UTC", {
      begin: "2027-01-01T00:00:00Z",
      end: "2027-01-01T03:00:00Z",
    });
    expect(isos(nextFireTimes(bounded, new Date("2026-12-01T00:00:00Z"), 10))).toEqual([
      "2027-01-01T00:00:00.000Z",
      "2027-01-01T01:00:00.000Z",
      "2027-01-01T02:00:00.000Z",
    ]);
  });

  it("keeps the anchor's grid when begin is off it", () => {
    const offGrid = timing("every 1h", "UTC", {
      anchor: "2027-01-01T00:00:00Z",
      begin: "2027-01-01T00:20:00Z",
    });
    expect(nextFireAfter(offGrid, new Date("2026-12-31T00:00:00Z"))?.toISOString()).toBe(
      "2027-01-01T01:00:00.000Z",
    );
  });

  it("measures real time, not wall time, across a change of clocks", () => {
    // Daily in Paris across 2027-03-28, 24 real hours apart: 01:00 CET, then 02:00 CEST.
    const daily = timing("every 1d", "Europe/Paris", { anchor: "2027-03-27T00:00:00Z" });
    expect(isos(nextFireTimes(daily, new Date("2027-03-27T00:00:00Z"), 2))).toEqual([
      "2027-03-28T00:00:00.000Z",
      "2027-03-29T00:00:00.000Z",
    ]);
  });

  it("refuses to walk a zero or negative interval", () => {
    const zero: ScheduleTiming = {
      expression: { kind: "every", ms: 0, text: "every 0s" },
      timezone: "UTC",
      anchor: new Date(0),
    };
    expect(() => nextFireAfter(zero, new Date(0))).toThrow("an interval of zero never fires");
    const backwards: ScheduleTiming = {
      ...zero,
      expression: { kind: "every", ms: -1000, text: "every -1s" },
    };
    expect(() => nextFireAfter(backwards, new Date(0))).toThrow("not a positive length");
  });
});
