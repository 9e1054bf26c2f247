import { Cron } from "croner";
import { ScheduleInvalid } from "../../../foundations/error-codes.js";

/*
 * The one place croner is used. Croner walks the wall clock in the zone and moves in
 * real time, which gives the DST behaviour of Vixie cron:
 *
 * - Fixed-time jobs (no `*` and no step in the minute and hour fields, such as `30 2 * * *`
 *   or `30 2,14 * * *`, `fixedTimeRule: "no-wildcard"`): a wall time that does not occur
 *   (spring forward) fires once at the first valid instant after the gap, on the same day
 *   (02:30 -> 03:00); a wall time that occurs twice (fall back) fires once, at its first
 *   occurrence.
 * - Interval jobs (`0 * * * *`, `*\/15 * * * *`): they follow real instants. Times in a gap
 *   are skipped; a repeated hour fires on both passes, because those are distinct hours.
 *
 * Day-of-month and day-of-week follow Vixie cron too: when either field starts with `*`
 * both must match (so `0 6 * * 1-5` means weekdays), otherwise either may match (so
 * `0 6 1 * 1` means the 1st and every Monday). Croner reads a restricted pair as OR by
 * default; the AND case is asked for with `domAndDow`.
 */

const MAX_CACHED = 512;
const jobs = new Map<string, Cron>();

function cronFor(pattern: string, timeZone: string, text: string): Cron {
  const key = `${timeZone}\u0000${pattern}`;
  let job = jobs.get(key);
  if (job === undefined) {
    const fields = pattern.split(" ");
    const domAndDow = (fields[2] ?? "").startsWith("*") || (fields[4] ?? "").startsWith("*");
    try {
      job = new Cron(pattern, {
        timezone: timeZone,
        mode: "5-part",
        paused: true,
        domAndDow,
        fixedTimeRule: "no-wildcard",
      });
    } catch (error) {
      throw ScheduleInvalid.create(`cannot use the cron pattern in "${text}"`, {
        hint: error instanceof Error ? error.message : String(error),
        cause: error,
      });
    }
    if (jobs.size >= MAX_CACHED) {
      const oldest = jobs.keys().next();
      if (oldest.done !== true) jobs.delete(oldest.value);
    }
    jobs.set(key, job);
  }
  return job;
}

/**
 * The first instant strictly after `afterMs` that the pattern names in the zone, or
 * undefined when there is none (a pattern such as `0 0 30 2 *` matches no date).
 * The pattern must have passed checkCronPattern.
 */
export function nextCronRun(
  pattern: string,
  timeZone: string,
  afterMs: number,
  text: string,
): number | undefined {
  const job = cronFor(pattern, timeZone, text);
  let next = job.nextRun(new Date(afterMs));
  // Croner drops the milliseconds of the reference; never answer at or before it.
  while (next !== null && next.getTime() <= afterMs) next = job.nextRun(next);
  return next?.getTime();
}
