import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dueInstants,
  nextFireTimes,
  parseMisfirePolicy,
  parseScheduleExpression,
  type ScheduleTiming,
} from "../../src/runtime/schedule/timing/index.js";
import { cronMatches, fieldsOfWall, wallMs } from "./support/cron-match.js";

/**
 * Properties over random schedules, zones and instants: fire times strictly increase,
 * stay within the bounds, and each cron fire matches its pattern on the zone's wall
 * clock (or is the end of a DST gap that swallowed a matching time).
 */

const ZONES = [
  "UTC",
  "Europe/Paris",
  "America/New_York",
  "America/Santiago",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kolkata",
];

const FROM = Date.parse("2020-01-01T00:00:00Z");
const TO = Date.parse("2035-01-01T00:00:00Z");
const instant = fc.integer({ min: FROM, max: TO });
const zone = fc.constantFrom(...ZONES);

/** One cron field: *, a value, a range, or a step over either, as a list of 1 to 3. */
function field(min: number, max: number, starWeight: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max });
  const item = fc.oneof(
    value.map(String),
    range,
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
    step.map((s) => `*/${s}`),
  );
  return fc.oneof(
    { arbitrary: fc.constant("*"), weight: starWeight },
    {
      arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }).map((l) => l.join(",")),
      weight: 3,
    },
  );
}

const cronPattern = fc
  .tuple(field(0, 59, 1), field(0, 23, 1), field(1, 31, 4), field(1, 12, 4), field(0, 7, 3))
  .map((fields) => fields.join(" "));

/** Whether an instant is the end of a DST gap in which the pattern matched a minute. */
function endsGapWithMatch(pattern: string, at: number, timeZone: string): boolean {
  const before = wallMs(at - 1000, timeZone) + 1000;
  const after = wallMs(at, timeZone);
  if (after - before <= 0) return false;
  for (let wall = before; wall < after; wall += 60_000) {
    if (cronMatches(pattern, fieldsOfWall(wall))) return true;
  }
  return false;
}

const bounds = fc
  .tuple(fc.option(instant, { nil: undefined }), fc.integer({ min: 1, max: 400 * 86_400_000 }))
  .map(([begin, length]) => ({
    begin,
    end: begin === undefined ? undefined : begin + length,
  }));

function withBounds(
  timing: Omit<ScheduleTiming, "begin" | "end">,
  begin: number | undefined,
  end: number | undefined,
): ScheduleTiming {
  return {
    ...timing,
    ...(begin === undefined ? {} : { begin: new Date(begin) }),
    ...(end === undefined ? {} : { end: new Date(end) }),
  };
}

function expectIncreasingWithin(
  fires: readonly Date[],
  after: number,
  timing: ScheduleTiming,
): void {
  let previous = after;
  for (const fire of fires) {
    expect(fire.getTime()).toBeGreaterThan(previous);
    if (timing.begin) expect(fire.getTime()).toBeGreaterThanOrEqual(timing.begin.getTime());
    if (timing.end) expect(fire.getTime()).toBeLessThan(timing.end.getTime());
    previous = fire.getTime();
  }
}

describe("cron fire times", () => {
  it("strictly increase, stay in bounds and match the pattern in the zone", () => {
    fc.assert(
      fc.property(
        cronPattern,
        zone,
        instant,
        bounds,
        (pattern, timeZone, after, { begin, end }) => {
          const timing = withBounds(
            {
              expression: parseScheduleExpression(`cron ${pattern}`),
              timezone: timeZone,
              anchor: new Date(FROM),
            },
            begin,
            end,
          );
          const fires = nextFireTimes(timing, new Date(after), 25);
          expectIncreasingWithin(fires, after, timing);
          for (const fire of fires) {
            const at = fire.getTime();
            const matches =
              cronMatches(pattern, fieldsOfWall(wallMs(at, timeZone))) ||
              endsGapWithMatch(pattern, at, timeZone);
            expect(matches, `${pattern} in ${timeZone} at ${fire.toISOString()}`).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("every fire times", () => {
  it("strictly increase, stay in bounds and sit on the anchor's grid", () => {
    const interval = fc.integer({ min: 1, max: 3 * 86_400 }).map((s) => s * 1000);
    fc.assert(
      fc.property(interval, instant, instant, bounds, (ms, anchor, after, { begin, end }) => {
        const timing = withBounds(
          {
            expression: { kind: "every", ms, text: `every ${ms / 1000}s` },
            timezone: "UTC",
            anchor: new Date(anchor),
          },
          begin,
          end,
        );
        const fires = nextFireTimes(timing, new Date(after), 50);
        expectIncreasingWithin(fires, after, timing);
        fires.forEach((fire, index) => {
          expect(Math.abs(fire.getTime() - anchor) % ms).toBe(0);
          const previous = fires[index - 1];
          if (previous) expect(fire.getTime() - previous.getTime()).toBe(ms);
        });
      }),
    );
  });
});

describe("due instants", () => {
  const schedule = fc.oneof(
    cronPattern.map((p) => `cron ${p}`),
    fc.integer({ min: 1, max: 7200 }).map((s) => `every ${s}s`),
  );
  /** A start and the sorted instants a scheduler looks at, possibly jumping back. */
  const ticks = fc.tuple(
    instant,
    fc.array(fc.integer({ min: -3_600_000, max: 6 * 3_600_000 }), { minLength: 1, maxLength: 12 }),
  );

  it("with catch_up and a large limit, fire each instant once, whatever the ticks", () => {
    fc.assert(
      fc.property(schedule, zone, ticks, (text, timeZone, [start, steps]) => {
        const timing: ScheduleTiming = {
          expression: parseScheduleExpression(text),
          timezone: timeZone,
          anchor: new Date(start),
        };
        const policy = parseMisfirePolicy("catch_up:1000");
        const fired: number[] = [];
        let since = start;
        let latest = start;
        for (const step of steps) {
          const now = since + step;
          fired.push(
            ...dueInstants(
              timing,
              { since: new Date(since), now: new Date(now), graceMs: 1000 },
              policy,
            ).map((d) => d.getTime()),
          );
          // A scheduler keeps the latest time it has looked at, so a clock that went back
          // does not fire the same instants twice.
          latest = Math.max(latest, now);
          since = latest;
        }
        const expected = nextFireTimes(timing, new Date(start), 1000)
          .map((d) => d.getTime())
          .filter((t) => t <= latest);
        if (expected.length < 1000) expect(fired).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("fire at most one instant per call with run_once when something misfired, never throwing", () => {
    fc.assert(
      fc.property(
        schedule,
        zone,
        instant,
        fc.integer({ min: -86_400_000, max: 30 * 86_400_000 }),
        fc.nat(120_000),
        (text, timeZone, since, span, graceMs) => {
          const timing: ScheduleTiming = {
            expression: parseScheduleExpression(text),
            timezone: timeZone,
            anchor: new Date(since),
          };
          const window = { since: new Date(since), now: new Date(since + span), graceMs };
          const runOnce = dueInstants(timing, window, { kind: "run_once" });
          const skip = dueInstants(timing, window, { kind: "skip" });
          if (span <= 0) expect([...runOnce, ...skip]).toEqual([]);
          for (const fire of skip)
            expect(since + span - fire.getTime()).toBeLessThanOrEqual(graceMs);
          if (runOnce.length > 1) expect(runOnce).toEqual(skip);
        },
      ),
      { numRuns: 150 },
    );
  });
});
