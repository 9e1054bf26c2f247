/**
 * When a schedule fires, as written by its author. `text` keeps the author's words for
 * messages and listings; the other fields are what the timing functions read.
 *
 * - `every`: a fixed interval of `ms` milliseconds, anchored (see ScheduleTiming.anchor).
 * - `cron`: a standard 5-field pattern, minute hour day-of-month month day-of-week, read
 *   in the schedule's time zone. Nicknames (`@daily`) are stored expanded.
 * - `at`: one wall time in the schedule's time zone (`2026-12-25T08:00:00`), or an exact
 *   instant when it ends in `Z` or an offset (`2026-12-25T08:00:00+01:00`).
 */
export type ScheduleExpression =
  | { readonly kind: "every"; readonly ms: number; readonly text: string }
  | { readonly kind: "cron"; readonly pattern: string; readonly text: string }
  | { readonly kind: "at"; readonly local: string; readonly text: string };

/** The forms a schedule expression can take, for hints. */
export const EXPRESSION_EXAMPLES = '"every 15m", "cron 0 6 * * 1-5" or "at 2026-12-25T08:00"';
