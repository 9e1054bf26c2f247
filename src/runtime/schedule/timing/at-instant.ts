import { parseLocalDateTime } from "./local-date-time.js";
import { resolveTimeZone } from "./time-zone.js";
import { wallTimeToUtcMs } from "./wall-time.js";
import { instantOfWallTime } from "./zoned-time.js";

/**
 * The instant an `at` schedule fires. With a Z or an offset the text is that instant;
 * otherwise it is wall time in the zone: in a spring-forward gap it names the end of the
 * gap (02:30 -> 03:00), and when the clock goes back it names the first occurrence.
 */
export function atInstant(local: string, timeZone: string, text: string): number {
  const { wall, offsetMinutes } = parseLocalDateTime(local, text);
  if (offsetMinutes !== undefined) return wallTimeToUtcMs(wall) - offsetMinutes * 60_000;
  return instantOfWallTime(wall, resolveTimeZone(timeZone));
}
