import { firesBetween, lastFires } from "./fires-between.js";
import type { MisfirePolicy } from "./misfire-policy.js";
import type { ScheduleTiming } from "./schedule-timing.js";

/** The span a scheduler looks at: it last looked at `since`, it is now `now`. */
export interface DueWindow {
  readonly since: Date;
  readonly now: Date;
  /** How late a fire may be and still count as on time, in milliseconds. */
  readonly graceMs: number;
}

/**
 * What to fire now: the fire instants due in (since, now], for a scheduler that last
 * looked at `since`, oldest first.
 *
 * An instant is on time when `now - instant <= graceMs` (what a normal tick sees) and
 * misfired when it is older. On-time instants always fire. Misfired ones follow the policy:
 *
 * - `skip`: they are dropped.
 * - `run_once`: when any instant misfired, the call fires exactly one instant, the latest
 *   due one: the latest on-time instant when there is one (the misfired ones collapse
 *   into it), otherwise the latest misfired one. Firing the latest keeps the key
 *   (schedule, instant) the same one a scheduler on time would have used, so a second
 *   replica that was on time and this late one cannot both fire.
 * - `catch_up` with limit N: the last N misfired instants fire, oldest first, before the
 *   on-time ones (which do not count toward N).
 *
 * When the clock went back (`now <= since`) nothing is due and nothing is thrown: the
 * instants up to `since` were handled by the earlier look. A negative or NaN grace counts
 * as zero. Keep the grace to a few ticks: every on-time instant fires.
 */
export function dueInstants(
  timing: ScheduleTiming,
  window: DueWindow,
  misfire: MisfirePolicy,
): Date[] {
  const since = window.since.getTime();
  const now = window.now.getTime();
  if (!(now > since)) return [];
  const grace = window.graceMs > 0 ? window.graceMs : 0;
  // Instants t <= lastMissed are misfired: now - t > grace, with t in whole milliseconds.
  const lastMissed = Math.max(since, Math.ceil(now - grace) - 1);
  const onTime = firesBetween(timing, lastMissed, now);
  let due: number[];
  switch (misfire.kind) {
    case "skip":
      due = onTime;
      break;
    case "run_once": {
      const missed = lastFires(timing, since, lastMissed, 1);
      const latest = onTime.at(-1) ?? missed[0];
      due = missed.length > 0 && latest !== undefined ? [latest] : onTime;
      break;
    }
    case "catch_up":
      due = [...lastFires(timing, since, lastMissed, misfire.limit), ...onTime];
      break;
  }
  return due.map((time) => new Date(time));
}
