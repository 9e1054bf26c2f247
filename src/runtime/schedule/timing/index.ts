/*
 * The scheduler's timing core: when schedules fire, and what is due when a scheduler
 * looks. Pure logic over instants; no database, no clock of its own.
 */
export { atInstant } from "./at-instant.js";
export { checkTiming } from "./check-timing.js";
export { dueInstants, type DueWindow } from "./due-instants.js";
export {
  DEFAULT_CATCH_UP_LIMIT,
  DEFAULT_MISFIRE_POLICY,
  formatMisfirePolicy,
  MAX_CATCH_UP_LIMIT,
  type MisfirePolicy,
  parseMisfirePolicy,
} from "./misfire-policy.js";
export { nextFireAfter, nextFireTimes } from "./next-fire.js";
export { OVERLAP_POLICIES, type OverlapPolicy, parseOverlapPolicy } from "./overlap-policy.js";
export type { ScheduleExpression } from "./schedule-expression.js";
export { parseScheduleExpression } from "./parse-schedule-expression.js";
export type { ScheduleTiming } from "./schedule-timing.js";
export { resolveTimeZone } from "./time-zone.js";
export { parseLocalDateTime } from "./local-date-time.js";
export { offsetAt, wallTimeOf } from "./zoned-time.js";
