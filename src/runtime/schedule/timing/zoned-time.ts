import { type WallTime, wallTimeToUtcMs } from "./wall-time.js";

/*
 * Conversions between instants and wall times in an IANA time zone, through Intl only
 * (no time zone database of our own). Intl resolves to whole seconds, which is also the
 * resolution of every offset change in the tz database.
 */

const HOUR_MS = 3_600_000;
/** Wider than any UTC offset (at most 14 h), so the samples below see both sides of a change. */
const SAMPLE_MS = 18 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** What a wall clock in the zone shows at an instant (to the second). */
export function wallTimeOf(instantMs: number, timeZone: string): WallTime {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  return fields;
}

/** The zone's UTC offset at an instant, in milliseconds (positive east of Greenwich). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const second = Math.floor(instantMs / 1000) * 1000;
  return wallTimeToUtcMs(wallTimeOf(second, timeZone)) - second;
}

/**
 * The instant a wall time names in the zone. A wall time that occurs twice (the clock
 * goes back) names its first occurrence. A wall time that does not occur (the clock
 * jumps forward over it) names the next valid instant: the moment the jump ends, so
 * 02:30 on a day the clock goes from 02:00 to 03:00 names 03:00, as cron does.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): number {
  const target = wallTimeToUtcMs(wall);
  const early = offsetAt(target - SAMPLE_MS, timeZone);
  const late = offsetAt(target + SAMPLE_MS, timeZone);
  const candidates = [early, offsetAt(target, timeZone), late]
    .map((offset) => target - offset)
    .filter((instant) => wallTimeToUtcMs(wallTimeOf(instant, timeZone)) === target);
  if (candidates.length > 0) return Math.min(...candidates);
  return endOfGap(target, target - late, target - early, timeZone);
}

/**
 * The first instant in (low, high] whose wall time is at or after `target`, by bisection
 * over whole seconds: inside a gap the wall clock only moves forward, so that is the
 * instant the clock jumps.
 */
function endOfGap(target: number, low: number, high: number, timeZone: string): number {
  let lo = Math.floor(low / 1000);
  let hi = Math.ceil(high / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallTimeToUtcMs(wallTimeOf(mid * 1000, timeZone)) >= target) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}
