import { atInstant } from "./at-instant.js";
import { nextCronRun } from "./cron-runs.js";
import { checkIntervalMs } from "./parse-interval.js";
import type { ScheduleTiming } from "./schedule-timing.js";
import { resolveTimeZone } from "./time-zone.js";

/**
 * The first fire instant strictly after `after` and within [begin, end), or undefined
 * when none remain. Pure: the same timing and instant always give the same answer.
 */
export function nextFireAfter(timing: ScheduleTiming, after: Date): Date | undefined {
  const next = nextFireMs(timing, timeOf(after, "after"));
  return next === undefined ? undefined : new Date(next);
}

/** The next `count` fire instants after `after`, oldest first; fewer when the schedule ends. */
export function nextFireTimes(timing: ScheduleTiming, after: Date, count: number): Date[] {
  const times: Date[] = [];
  let cursor = timeOf(after, "after");
  while (times.length < count) {
    const next = nextFireMs(timing, cursor);
    if (next === undefined) break;
    times.push(new Date(next));
    cursor = next;
  }
  return times;
}

/** nextFireAfter in epoch milliseconds, for the functions that walk many instants. */
export function nextFireMs(timing: ScheduleTiming, afterMs: number): number | undefined {
  const { expression } = timing;
  const begin = timing.begin === undefined ? undefined : timeOf(timing.begin, "begin");
  const end = timing.end === undefined ? undefined : timeOf(timing.end, "end");
  // Searching after begin - 1 ms lets a fire at exactly begin count.
  const from = begin === undefined ? afterMs : Math.max(afterMs, begin - 1);
  let next: number | undefined;
  switch (expression.kind) {
    case "every":
      next = nextEvery(expression.ms, timeOf(timing.anchor, "anchor"), from, expression.text);
      break;
    case "cron":
      next = nextCronRun(
        expression.pattern,
        resolveTimeZone(timing.timezone),
        from,
        expression.text,
      );
      break;
    case "at": {
      const at = atInstant(expression.local, timing.timezone, expression.text);
      next = at > from ? at : undefined;
      break;
    }
  }
  return next === undefined || (end !== undefined && next >= end) ? undefined : next;
}

/**
 * The first `anchor + k * ms` after `from`. Each instant is computed from the anchor,
 * never by adding to the previous one, so there is no drift however many steps are taken.
 */
function nextEvery(ms: number, anchor: number, from: number, text: string): number {
  checkIntervalMs(ms, text);
  let k = Math.floor((from - anchor) / ms) + 1;
  // Floating-point division can be one off for huge quotients; settle on the exact k.
  while (anchor + k * ms <= from) k += 1;
  while (anchor + (k - 1) * ms > from) k -= 1;
  return anchor + k * ms;
}

/** Epoch milliseconds of a date argument; an invalid Date is a caller's bug. */
function timeOf(date: Date, name: string): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`schedule timing: ${name} is an invalid Date`);
  return time;
}
