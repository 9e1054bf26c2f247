import { nextFireTimes, offsetAt, wallTimeOf, type ScheduleTiming } from "./timing/index.js";

/** One coming fire: the instant in UTC, and the wall time with its offset in the zone. */
export interface FireTime {
  /** `2027-03-28T01:00:00.000Z` */
  readonly utc: string;
  /** `2027-03-28T03:00:00+02:00`: what a clock in the schedule's time zone shows then. */
  readonly local: string;
}

/** The next `count` fires strictly after `after`, oldest first (fewer when it ends). */
export function fireTimes(timing: ScheduleTiming, after: Date, count: number): FireTime[] {
  return nextFireTimes(timing, after, count).map((date) => fireTime(date, timing.timezone));
}

export function fireTime(date: Date, timezone: string): FireTime {
  return { utc: date.toISOString(), local: zonedText(date.getTime(), timezone) };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** `2027-03-28T03:00:00+02:00` (`Z` in UTC itself). */
export function zonedText(instantMs: number, timezone: string): string {
  const wall = wallTimeOf(instantMs, timezone);
  const offset = Math.round(offsetAt(instantMs, timezone) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  const zone =
    offset === 0 && timezone === "UTC"
      ? "Z"
      : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return (
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T` +
    `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${zone}`
  );
}
