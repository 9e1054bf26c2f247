/**
 * A calendar date and clock time with no zone: what a wall clock shows. Schedules are
 * written in wall time (`at 2026-12-25T08:00`, `cron 30 2 * * *`) and fire at instants,
 * so the two are kept apart. `month` runs 1-12, as people write it.
 */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * The wall time read as if it were UTC, in milliseconds: a single number to compare and
 * subtract wall times by. Uses setUTCFullYear so that years below 100 are not read as
 * 19xx, as Date.UTC would.
 */
export function wallTimeToUtcMs(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return date.getTime();
}

/** The number of days in a month (1-12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
