import { parseDuration } from "../../engines/storage/records/index.js";
import { isCairnError } from "../../foundations/cairn-error.js";
import { ParameterInvalid } from "../../foundations/error-codes.js";
import { atInstant } from "../schedule/timing/index.js";

const DURATION = /^(?:\d+[wdhms])+$/i;
const ISO_DURATION = /^P/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const HINT =
  "Give a duration back from now (30m, 12h, 1d, 2w) or a date (2026-01-31, 2026-01-31T08:00, 2026-01-31T08:00Z).";

/**
 * The instant `since=` names: a duration back from `now` (`30m`, `12h`, `1d`, `1d12h`,
 * `2w`, ISO `P1D`), or a date or date and time, read in `timezone` unless it ends in `Z`
 * or an offset (a bare date is its midnight). Anything else is CAIRN_PARAMETER_INVALID.
 */
export function parseSince(command: string, text: string, now: Date, timezone: string): Date {
  const trimmed = text.trim();
  if (DURATION.test(trimmed) || ISO_DURATION.test(trimmed)) {
    const seconds = parseDuration(trimmed);
    if (seconds !== undefined) return new Date(now.getTime() - seconds * 1000);
  } else {
    try {
      const local = DATE_ONLY.test(trimmed) ? `${trimmed}T00:00` : trimmed;
      return new Date(atInstant(local, timezone, `since ${trimmed}`));
    } catch (error) {
      if (!isCairnError(error)) throw error;
    }
  }
  const problem = `expected a duration or a date, got '${text}'`;
  throw ParameterInvalid.create(`${command}: parameter 'since': ${problem}`, {
    hint: HINT,
    details: { problems: [{ parameter: "since", problem }] },
  });
}
