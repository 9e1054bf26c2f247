import { ScheduleInvalid } from "../../../foundations/error-codes.js";
import { atInstant } from "./at-instant.js";
import { checkCronPattern } from "./cron-pattern.js";
import { parseLocalDateTime } from "./local-date-time.js";
import { nextFireMs } from "./next-fire.js";
import { checkIntervalMs } from "./parse-interval.js";
import type { ScheduleExpression } from "./schedule-expression.js";
import type { ScheduleTiming } from "./schedule-timing.js";
import { resolveTimeZone } from "./time-zone.js";

/**
 * Every check a schedule must pass before it is stored, each failing with
 * CAIRN_SCHEDULE_INVALID that names the part: the expression itself (again, as it may
 * come from storage rather than from parseScheduleExpression), the time zone, the dates,
 * `end` after `begin`, and that the schedule fires at least once after `now`: an `at`
 * in the past, an `at` outside the bounds, an `end` already past or a cron pattern that
 * matches no date are refused rather than stored as schedules that never fire.
 */
export function checkTiming(timing: ScheduleTiming, now: Date): void {
  const { expression } = timing;
  checkExpression(expression);
  resolveTimeZone(timing.timezone);
  checkDate(timing.anchor, "anchor", expression.text);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError("checkTiming: now is an invalid Date");
  const begin =
    timing.begin === undefined ? undefined : checkDate(timing.begin, "begin", expression.text);
  const end = timing.end === undefined ? undefined : checkDate(timing.end, "end", expression.text);
  if (begin !== undefined && end !== undefined && end <= begin) {
    throw ScheduleInvalid.create(
      `the end ${iso(end)} of "${expression.text}" is not after its begin ${iso(begin)}`,
      { hint: "Give an end later than the begin, or leave one of them out." },
    );
  }
  if (expression.kind === "at") {
    checkAt(expression.local, expression.text, timing.timezone, nowMs, begin, end);
    return;
  }
  if (end !== undefined && end <= nowMs) {
    throw ScheduleInvalid.create(
      `the end ${iso(end)} of "${expression.text}" has already passed (now is ${iso(nowMs)})`,
      { hint: "Give a later end, or none." },
    );
  }
  if (nextFireMs(timing, nowMs) === undefined) {
    throw ScheduleInvalid.create(
      end === undefined
        ? `"${expression.text}" never fires: no date matches it`
        : `"${expression.text}" never fires before its end ${iso(end)}`,
      { hint: "Check the day-of-month and month fields (such as 30 in February), or the end." },
    );
  }
}

/** The checks that need only the expression. */
function checkExpression(expression: ScheduleExpression): void {
  switch (expression.kind) {
    case "every":
      checkIntervalMs(expression.ms, expression.text);
      return;
    case "cron":
      checkCronPattern(expression.pattern, expression.text);
      return;
    case "at":
      parseLocalDateTime(expression.local, expression.text);
      return;
  }
}

function checkAt(
  local: string,
  text: string,
  timeZone: string,
  now: number,
  begin: number | undefined,
  end: number | undefined,
): void {
  const at = atInstant(local, timeZone, text);
  if (at <= now) {
    throw ScheduleInvalid.create(
      `"${text}" is in the past: it names ${iso(at)} and now is ${iso(now)}`,
      { hint: `Choose a later time (wall time in ${timeZone} unless it ends in Z or an offset).` },
    );
  }
  if ((begin !== undefined && at < begin) || (end !== undefined && at >= end)) {
    throw ScheduleInvalid.create(
      `"${text}" (${iso(at)}) falls outside the schedule's begin and end, so it never fires`,
      { hint: "Move the time between begin and end, or drop the bounds." },
    );
  }
}

function checkDate(date: Date, name: string, text: string): number {
  const time = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(time)) {
    throw ScheduleInvalid.create(`the ${name} of "${text}" is not a valid date`, {
      hint: "Give an ISO 8601 date and time such as 2026-12-25T08:00:00Z.",
    });
  }
  return time;
}

const iso = (time: number): string => new Date(time).toISOString();
