import type { RecordRow } from "../../engines/storage/records/record-store.js";
import { ScheduleInvalid } from "../../foundations/error-codes.js";
import {
  parseMisfirePolicy,
  parseOverlapPolicy,
  parseScheduleExpression,
  resolveTimeZone,
  type MisfirePolicy,
  type OverlapPolicy,
  type ScheduleTiming,
} from "./timing/index.js";

/** A `schedule` row, read into the types the scheduler works with. */
export interface ScheduleRecord {
  readonly name: string;
  readonly command: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly user: string;
  readonly timing: ScheduleTiming;
  readonly misfire: MisfirePolicy;
  readonly overlap: OverlapPolicy;
  readonly paused: boolean;
  readonly pausedReason: string | undefined;
  readonly origin: "spec" | "cli" | "api";
  /** Every instant up to here was fired or decided on (undefined: nothing yet). */
  readonly checkedUntil: Date | undefined;
  readonly lastFire: Date | undefined;
}

function instant(row: RecordRow, field: string): Date | undefined {
  const value = row[field];
  return typeof value === "string" && value !== "" ? new Date(value) : undefined;
}

function text(row: RecordRow, field: string, fallback: string): string {
  const value = row[field];
  return typeof value === "string" && value !== "" ? value : fallback;
}

/**
 * Reads a stored schedule. Throws CAIRN_SCHEDULE_INVALID naming the schedule when a
 * column no longer parses (a row written through the data API, say): the scheduler
 * pauses such a schedule with that message rather than fire it.
 */
export function scheduleFromRow(row: RecordRow): ScheduleRecord {
  const name = text(row, "name", "");
  try {
    const parameters = row.parameters;
    const begin = instant(row, "begin");
    const end = instant(row, "end");
    const origin = text(row, "origin", "cli");
    return {
      name,
      command: text(row, "command", ""),
      parameters:
        typeof parameters === "object" && parameters !== null && !Array.isArray(parameters)
          ? (parameters as Readonly<Record<string, unknown>>)
          : {},
      user: text(row, "user", "admin"),
      timing: {
        expression: parseScheduleExpression(text(row, "expression", "")),
        timezone: resolveTimeZone(text(row, "timezone", "UTC")),
        ...(begin === undefined ? {} : { begin }),
        ...(end === undefined ? {} : { end }),
        anchor: instant(row, "anchor") ?? begin ?? new Date(0),
      },
      misfire: parseMisfirePolicy(text(row, "misfire", "run_once")),
      overlap: parseOverlapPolicy(text(row, "overlap", "skip")),
      paused: row.paused === true,
      pausedReason: typeof row.paused_reason === "string" ? row.paused_reason : undefined,
      origin: origin === "spec" || origin === "api" ? origin : "cli",
      checkedUntil: instant(row, "checked_until"),
      lastFire: instant(row, "last_fire"),
    };
  } catch (error) {
    if (ScheduleInvalid.is(error))
      throw ScheduleInvalid.create(`schedule '${name}': ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * The unique key of one fire: the schedule and its instant. The `execution.fire_key`
 * column is unique, so of racing replicas (or one replica after a clock jump) exactly
 * one INSERT of a fire succeeds.
 */
export function fireKey(schedule: string, instantMs: number): string {
  return `${schedule}@${new Date(instantMs).toISOString()}`;
}
