import { nextFireMs } from "./next-fire.js";
import type { ScheduleTiming } from "./schedule-timing.js";

/** The first span searched back by lastFires; it doubles until it holds enough. */
const FIRST_SPAN_MS = 60_000;

/** Fire instants t with after < t <= until, oldest first. */
export function firesBetween(timing: ScheduleTiming, after: number, until: number): number[] {
  const fires: number[] = [];
  let cursor = after;
  for (;;) {
    const next = nextFireMs(timing, cursor);
    if (next === undefined || next > until) return fires;
    fires.push(next);
    cursor = next;
  }
}

/**
 * The last `count` fire instants t with after < t <= until, oldest first. Schedules only
 * step forward, so this looks at a span ending at `until` and doubles it until it holds
 * `count` instants or reaches `after`: the work follows what is returned, not the length
 * of (after, until], which can be years after a long outage.
 */
export function lastFires(
  timing: ScheduleTiming,
  after: number,
  until: number,
  count: number,
): number[] {
  if (count <= 0 || until <= after) return [];
  for (let span = FIRST_SPAN_MS; ; span *= 2) {
    const from = Math.max(after, until - span);
    const found = lastOfSpan(timing, from, until, count);
    if (found.length >= count || from === after) return found;
  }
}

/** The last `count` instants in (from, until], keeping only those in memory. */
function lastOfSpan(timing: ScheduleTiming, from: number, until: number, count: number): number[] {
  let kept: number[] = [];
  let cursor = from;
  for (;;) {
    const next = nextFireMs(timing, cursor);
    if (next === undefined || next > until) return kept.slice(-count);
    kept.push(next);
    if (kept.length >= 2 * count) kept = kept.slice(-count);
    cursor = next;
  }
}
