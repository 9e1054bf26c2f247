import type { JsonValue } from "./field-types.js";
import type { SourceLocation } from "./source-location.js";

/** Names of schedules: CLI words and URL segments, so no spaces or slashes. */
export const SCHEDULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The longest schedule name (the `schedule.name` column's max_length). */
export const SCHEDULE_NAME_MAX = 200;

/** The keys a schedule of a spec's `schedules:` section may have. */
export const SCHEDULE_KEYS = [
  "command",
  "parameters",
  "schedule",
  "timezone",
  "begin",
  "end",
  "misfire",
  "overlap",
  "user",
  "paused",
] as const;

export type ScheduleKey = (typeof SCHEDULE_KEYS)[number];

/**
 * One schedule as a module's spec declares it, checked for its shape only: the spec layer
 * knows no clock, time zones or parameter values, so timing, policies and parameters are
 * checked when the schedule is stored (and a schedule that fails then is stored paused,
 * its reason naming `locations`).
 */
export interface ScheduleDefinition {
  readonly name: string;
  /** The command's name as found in the project (`weather fetch`). */
  readonly command: string;
  /** Parameters as written (typed JSON values, checked when stored). */
  readonly parameters: Readonly<Record<string, JsonValue>>;
  /** The expression: `every 15m`, `cron 0 6 * * 1-5` or `at 2026-12-25T08:00`. */
  readonly schedule: string;
  readonly timezone?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly misfire?: string;
  readonly overlap?: string;
  readonly user?: string;
  /** `paused: true` stores the schedule paused. */
  readonly paused: boolean;
  readonly module: string;
  /** Where the schedule's name was written. */
  readonly source: SourceLocation;
  /** Where each of its keys was written, so a later problem can name the exact line. */
  readonly locations: Readonly<Partial<Record<ScheduleKey, SourceLocation>>>;
}
