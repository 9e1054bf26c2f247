import { ScheduleInvalid } from "../../foundations/error-codes.js";
import { atInstant, parseLocalDateTime } from "./timing/index.js";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a schedule's `begin`, `end` or `anchor`: an exact instant (`2027-01-01T00:00Z`,
 * `2027-01-01T06:00:00+01:00`, or as stored, `2027-01-01T00:00:00.000Z`), or a wall time
 * read in the schedule's time zone (`2027-01-01T06:00`; a bare date `2027-01-01` is its
 * midnight there). A wall time the clock skips names the end of the gap, one it passes
 * twice its first pass, as `at` does. Errors (CAIRN_SCHEDULE_INVALID) quote the part.
 */
export function parseScheduleBound(
  value: string | Date,
  part: "begin" | "end" | "anchor",
  timezone: string,
): Date {
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value;
    throw ScheduleInvalid.create(`the ${part} of the schedule is not a valid date`);
  }
  const text = value.trim();
  const label = `${part} ${text}`;
  // Fractions of a second are kept aside: the wall-time reader takes whole seconds.
  const fraction = /^[^.]*\.(\d+)/.exec(text)?.[1];
  const whole = fraction === undefined ? text : text.replace(`.${fraction}`, "");
  const { normalized } = parseLocalDateTime(
    DATE_ONLY.test(whole) ? `${whole}T00:00` : whole,
    label,
  );
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction.slice(0, 3)}`) * 1000);
  return new Date(atInstant(normalized, timezone, label) + ms);
}
