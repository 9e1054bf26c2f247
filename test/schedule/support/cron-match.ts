/*
 * An independent reading of standard cron, written from the Vixie cron rules rather
 * than from croner, to check the instants the timing core returns.
 */

const RANGES = [
  { min: 0, max: 59, names: [] as string[] },
  { min: 0, max: 23, names: [] },
  { min: 1, max: 31, names: [] },
  {
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
] as const;

function valueOf(token: string, index: number): number {
  const range = RANGES[index];
  if (range === undefined) throw new Error("no such field");
  const named = (range.names as readonly string[]).indexOf(token.toUpperCase());
  return named === -1 ? Number(token) : range.min + named;
}

/** The set of values a field allows; day-of-week 7 becomes 0. */
function valuesOf(field: string, index: number): Set<number> {
  const range = RANGES[index];
  if (range === undefined) throw new Error("no such field");
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const [base = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let low: number = range.min;
    let high: number = range.max;
    if (base !== "*") {
      const [a = "", b] = base.split("-");
      low = valueOf(a, index);
      high = b === undefined ? low : valueOf(b, index);
    }
    for (let v = low; v <= high; v += step) values.add(index === 4 && v === 7 ? 0 : v);
  }
  return values;
}

export interface ZonedFields {
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
  readonly month: number;
  readonly weekday: number;
}

/** Whether wall-clock fields match a 5-field pattern, with Vixie's day rule. */
export function cronMatches(pattern: string, at: ZonedFields): boolean {
  const fields = pattern.split(" ");
  const sets = fields.map((field, index) => valuesOf(field, index));
  const [minutes, hours, days, months, weekdays] = sets;
  if (!minutes || !hours || !days || !months || !weekdays) throw new Error("bad pattern");
  if (!minutes.has(at.minute) || !hours.has(at.hour) || !months.has(at.month)) return false;
  const starred = (fields[2] ?? "").startsWith("*") || (fields[4] ?? "").startsWith("*");
  return starred
    ? days.has(at.day) && weekdays.has(at.weekday)
    : days.has(at.day) || weekdays.has(at.weekday);
}

/** What a wall clock in the zone shows at an instant, read as UTC milliseconds (Intl). */
export function wallMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instantMs);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
}

/** Cron fields of a wall time given as UTC milliseconds. */
export function fieldsOfWall(wall: number): ZonedFields {
  const date = new Date(wall);
  return {
    minute: date.getUTCMinutes(),
    hour: date.getUTCHours(),
    day: date.getUTCDate(),
    month: date.getUTCMonth() + 1,
    weekday: date.getUTCDay(),
  };
}

/** Wall-clock fields of an instant in a zone. */
export function zonedFields(instantMs: number, timeZone: string): ZonedFields {
  return fieldsOfWall(wallMs(instantMs, timeZone));
}
