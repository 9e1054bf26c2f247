import { ScheduleInvalid } from "../../../foundations/error-codes.js";
import { daysInMonth, type WallTime } from "./wall-time.js";

/** The date and time of an `at` schedule, as read from its text. */
export interface LocalDateTime {
  readonly wall: WallTime;
  /** Minutes east of UTC when the text ends in Z or an offset: then it names an exact instant. */
  readonly offsetMinutes: number | undefined;
  /** `YYYY-MM-DDTHH:MM:SS`, then `Z` or `±HH:MM` when given: the form stored and compared. */
  readonly normalized: string;
}

const FORM =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/i;

const HINT =
  "Write it as 2026-12-25T08:00 (wall time in the schedule's time zone), or add Z or an " +
  "offset such as +01:00 for an exact instant.";

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/**
 * Reads `2026-12-25T08:00`, with optional seconds, a space instead of the T, and an
 * optional `Z` or `±HH:MM` offset. Each part is checked against the calendar, so
 * 2026-02-30 or 24:00 are refused with the part named.
 */
export function parseLocalDateTime(value: string, text: string): LocalDateTime {
  const match = FORM.exec(value.trim());
  if (match === null) {
    throw ScheduleInvalid.create(`cannot read the date and time '${value}' in "${text}"`, {
      hint: HINT,
    });
  }
  const [, year, month, day, hour, minute, second = "00", zulu, sign, offsetH, offsetM] = match;
  const wall: WallTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  inRange("month", month, wall.month, 1, 12, text);
  inRange("day", day, wall.day, 1, daysInMonth(wall.year, wall.month), text);
  inRange("hour", hour, wall.hour, 0, 23, text);
  inRange("minute", minute, wall.minute, 0, 59, text);
  inRange("second", second, wall.second, 0, 59, text);
  let offsetMinutes: number | undefined;
  let suffix = "";
  if (zulu !== undefined) {
    offsetMinutes = 0;
    suffix = "Z";
  } else if (sign !== undefined) {
    inRange("offset hours", offsetH, Number(offsetH), 0, 23, text);
    inRange("offset minutes", offsetM, Number(offsetM), 0, 59, text);
    offsetMinutes = (sign === "-" ? -1 : 1) * (Number(offsetH) * 60 + Number(offsetM));
    suffix = `${sign}${offsetH ?? ""}:${offsetM ?? ""}`;
  }
  const normalized =
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T` +
    `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${suffix}`;
  return { wall, offsetMinutes, normalized };
}

function inRange(
  part: string,
  written: string | undefined,
  value: number,
  min: number,
  max: number,
  text: string,
): void {
  if (value < min || value > max) {
    throw ScheduleInvalid.create(
      `the ${part} '${written ?? ""}' in "${text}" is out of range ${min}-${max}`,
      { hint: HINT },
    );
  }
}
