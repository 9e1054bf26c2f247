import { describe, expect, it } from "vitest";
import { nextFireAfter, nextFireTimes } from "../../src/runtime/schedule/timing/index.js";
import { isos, timing } from "./support/timing.js";

const EPOCH = new Date("2020-01-01T00:00:00Z");

/** The one instant an `at` schedule fires, asked from long before it. */
const fireOf = (text: string, zone: string): string | undefined =>
  nextFireAfter(timing(text, zone), EPOCH)?.toISOString();

describe("at", () => {
  it("reads wall time in the schedule's time zone", () => {
    expect(fireOf("at 2027-06-01T12:00", "Europe/Paris")).toBe("2027-06-01T10:00:00.000Z");
    expect(fireOf("at 2027-12-25T08:00", "America/New_York")).toBe("2027-12-25T13:00:00.000Z");
    expect(fireOf("at 2027-12-25T08:00:30", "UTC")).toBe("2027-12-25T08:00:30.000Z");
  });

  it("reads a trailing Z or offset as an exact instant, whatever the zone", () => {
    expect(fireOf("at 2027-06-01T12:00Z", "Europe/Paris")).toBe("2027-06-01T12:00:00.000Z");
    expect(fireOf("at 2027-06-01T12:00+05:30", "America/New_York")).toBe(
      "2027-06-01T06:30:00.000Z",
    );
    // An offset names an instant even where the wall time falls in a gap.
    expect(fireOf("at 2027-03-28T02:30+01:00", "Europe/Paris")).toBe("2027-03-28T01:30:00.000Z");
  });

  it("fires once, then never again", () => {
    const once = timing("at 2027-06-01T12:00", "UTC");
    expect(isos(nextFireTimes(once, EPOCH, 5))).toEqual(["2027-06-01T12:00:00.000Z"]);
    expect(nextFireAfter(once, new Date("2027-06-01T12:00:00Z"))).toBeUndefined();
  });

  it("respects begin and end", () => {
    const text = "at 2027-06-01T12:00";
    const inside = timing(text, "UTC", { begin: "2027-06-01T12:00Z", end: "2027-06-02T00:00Z" });
    expect(nextFireAfter(inside, EPOCH)?.toISOString()).toBe("2027-06-01T12:00:00.000Z");
    expect(
      nextFireAfter(timing(text, "UTC", { begin: "2027-06-02T00:00Z" }), EPOCH),
    ).toBeUndefined();
    expect(nextFireAfter(timing(text, "UTC", { end: "2027-06-01T12:00Z" }), EPOCH)).toBeUndefined();
  });
});

describe("at when the clock springs forward", () => {
  it("resolves a missing Paris wall time to 03:00 CEST on 2027-03-28", () => {
    expect(fireOf("at 2027-03-28T01:59:59", "Europe/Paris")).toBe("2027-03-28T00:59:59.000Z");
    expect(fireOf("at 2027-03-28T02:00", "Europe/Paris")).toBe("2027-03-28T01:00:00.000Z");
    expect(fireOf("at 2027-03-28T02:30", "Europe/Paris")).toBe("2027-03-28T01:00:00.000Z");
    expect(fireOf("at 2027-03-28T03:00", "Europe/Paris")).toBe("2027-03-28T01:00:00.000Z");
    expect(fireOf("at 2027-03-28T03:30", "Europe/Paris")).toBe("2027-03-28T01:30:00.000Z");
  });

  it("resolves a missing New York wall time to 03:00 EDT on 2027-03-14", () => {
    expect(fireOf("at 2027-03-14T02:30", "America/New_York")).toBe("2027-03-14T07:00:00.000Z");
    expect(fireOf("at 2027-03-14T01:30", "America/New_York")).toBe("2027-03-14T06:30:00.000Z");
  });

  it("handles a gap at midnight and a half-hour gap", () => {
    // America/Santiago skips from 00:00 to 01:00 on 2027-09-05.
    expect(fireOf("at 2027-09-05T00:30", "America/Santiago")).toBe("2027-09-05T04:00:00.000Z");
    // Australia/Lord_Howe skips from 02:00 to 02:30 on 2027-10-03.
    expect(fireOf("at 2027-10-03T02:15", "Australia/Lord_Howe")).toBe("2027-10-02T15:30:00.000Z");
  });
});

describe("at when the clock falls back", () => {
  it("takes the first of two Paris 02:30s on 2027-10-31", () => {
    expect(fireOf("at 2027-10-31T02:30", "Europe/Paris")).toBe("2027-10-31T00:30:00.000Z");
    expect(fireOf("at 2027-10-31T03:00", "Europe/Paris")).toBe("2027-10-31T02:00:00.000Z");
  });

  it("takes the first of two New York 01:30s on 2027-11-07", () => {
    expect(fireOf("at 2027-11-07T01:30", "America/New_York")).toBe("2027-11-07T05:30:00.000Z");
    expect(fireOf("at 2027-11-07T02:30", "America/New_York")).toBe("2027-11-07T07:30:00.000Z");
  });
});
