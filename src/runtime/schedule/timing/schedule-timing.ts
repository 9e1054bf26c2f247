import type { ScheduleExpression } from "./schedule-expression.js";

/**
 * Everything that decides when a schedule fires, and nothing about what it runs.
 *
 * - `timezone`: IANA name in which `cron` and `at` wall times are read.
 * - `begin`, `end`: optional bounds, half-open: a fire at exactly `begin` counts, one at
 *   exactly `end` does not, so `begin 2027-01-01, end 2028-01-01` covers one year.
 * - `anchor`: `every` instants are `anchor + k * ms` for whole k (negative too), so they
 *   never drift however late a scheduler looks. Callers pass `begin`, else the time the
 *   schedule was created. `cron` and `at` ignore it.
 */
export interface ScheduleTiming {
  readonly expression: ScheduleExpression;
  readonly timezone: string;
  readonly begin?: Date;
  readonly end?: Date;
  readonly anchor: Date;
}
