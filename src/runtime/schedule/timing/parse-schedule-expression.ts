import { ScheduleInvalid } from "../../../foundations/error-codes.js";
import { didYouMean } from "../../../foundations/suggest.js";
import { checkCronPattern } from "./cron-pattern.js";
import { parseLocalDateTime } from "./local-date-time.js";
import { parseInterval } from "./parse-interval.js";
import { EXPRESSION_EXAMPLES, type ScheduleExpression } from "./schedule-expression.js";

const KINDS = ["every", "cron", "at"] as const;

/**
 * Reads `every 15m`, `cron 0 6 * * 1-5` or `at 2026-12-25T08:00`. The kind word is
 * case-insensitive; the rest is checked in full (every cron field, every date part), so
 * a bad schedule is refused when it is written, naming the part that is wrong. What
 * needs a time zone, bounds or the current time is left to checkTiming.
 */
export function parseScheduleExpression(text: string): ScheduleExpression {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  const word = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space === -1 ? "" : trimmed.slice(space).trim();
  switch (word) {
    case "every":
      return { kind: "every", ms: parseInterval(rest, trimmed), text: trimmed };
    case "cron":
      if (rest === "") throw missing(trimmed, 'a pattern, as in "cron 0 6 * * 1-5"');
      return { kind: "cron", pattern: checkCronPattern(rest, trimmed), text: trimmed };
    case "at":
      if (rest === "") throw missing(trimmed, 'a date and time, as in "at 2026-12-25T08:00"');
      return { kind: "at", local: parseLocalDateTime(rest, trimmed).normalized, text: trimmed };
    default:
      if (word === "") {
        throw ScheduleInvalid.create("a schedule expression is empty", {
          hint: `Write ${EXPRESSION_EXAMPLES}.`,
        });
      }
      throw ScheduleInvalid.create(
        `unknown schedule kind '${word}' in "${trimmed}"${didYouMean(word, KINDS)}`,
        { hint: `Start with every, cron or at: ${EXPRESSION_EXAMPLES}.` },
      );
  }
}

function missing(text: string, what: string): Error {
  return ScheduleInvalid.create(`"${text}" needs ${what}`, {
    hint: `Write ${EXPRESSION_EXAMPLES}.`,
  });
}
