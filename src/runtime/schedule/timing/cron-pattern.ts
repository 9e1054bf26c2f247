import { ScheduleInvalid } from "../../../foundations/error-codes.js";

/** One of the five fields of a standard crontab line, with its range and names. */
interface CronField {
  readonly name: "minute" | "hour" | "day-of-month" | "month" | "day-of-week";
  readonly min: number;
  readonly max: number;
  /** Names accepted for values, the first one standing for `min`. */
  readonly names: readonly string[];
}

/** Minute hour day-of-month month day-of-week: the order of Vixie cron and POSIX. */
export const CRON_FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59, names: [] },
  { name: "hour", min: 0, max: 23, names: [] },
  { name: "day-of-month", min: 1, max: 31, names: [] },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  // 0 and 7 are both Sunday, as in Vixie cron.
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** The nicknames of Vixie cron that name a time; `@reboot` names none and is refused. */
const NICKNAMES: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const FORM_HINT =
  "A cron pattern has 5 fields: minute hour day-of-month month day-of-week, as in " +
  '"cron 0 6 * * 1-5" (06:00 on weekdays). Each field takes *, a number, a range 1-5, ' +
  "a list 1,3,5 or a step */15 or 0-30/10.";

/**
 * Checks a cron pattern and returns it with single spaces and nicknames expanded.
 * Only standard 5-field cron is taken: no seconds or years field and none of the
 * extensions some libraries add (`?`, `L`, `W`, `#`, `+`), so a pattern means the same
 * here as in a crontab. Errors name the field and the bad value, quoting `text`.
 */
export function checkCronPattern(pattern: string, text: string): string {
  const trimmed = pattern.trim();
  if (trimmed.startsWith("@")) {
    const expanded = NICKNAMES[trimmed.toLowerCase()];
    if (expanded === undefined) {
      throw ScheduleInvalid.create(`unknown cron nickname '${trimmed}' in "${text}"`, {
        hint: `Use one of ${Object.keys(NICKNAMES).join(", ")}, or a 5-field pattern.`,
      });
    }
    return expanded;
  }
  const fields = trimmed === "" ? [] : trimmed.split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) {
    const seconds = fields.length === 6 || fields.length === 7;
    throw ScheduleInvalid.create(
      `a cron pattern has 5 fields (minute hour day-of-month month day-of-week), ` +
        `"${text}" has ${fields.length}`,
      {
        hint: seconds
          ? 'Cron here has no seconds or years field: drop them, as in "cron 0 6 * * 1-5".'
          : FORM_HINT,
      },
    );
  }
  CRON_FIELDS.forEach((field, index) => {
    checkField(field, fields[index] ?? "", text);
  });
  return fields.join(" ");
}

function checkField(field: CronField, value: string, text: string): void {
  const items = value.split(",");
  for (const item of items) {
    if (item === "") {
      fail(field, value, text, "has an empty list item");
    }
    checkItem(field, item, text);
  }
}

/** One list item: `*`, `N`, `A-B`, each optionally followed by `/STEP`. */
function checkItem(field: CronField, item: string, text: string): void {
  const extension = /[?#+]|^(?:\d*|[A-Z]{3})[LW]$|^L/i.exec(item);
  if (extension !== null) {
    fail(
      field,
      item,
      text,
      `uses the non-standard '${extension[0]}'`,
      "Write the days out, such as 1-7 with a day-of-week, or a list of days.",
    );
  }
  const slash = item.indexOf("/");
  const base = slash === -1 ? item : item.slice(0, slash);
  if (slash !== -1) {
    const step = item.slice(slash + 1);
    if (!/^\d+$/.test(step) || Number(step) < 1 || Number(step) > field.max) {
      fail(field, item, text, `has a step '${step}' outside 1-${field.max}`);
    }
    if (base !== "*" && !base.includes("-")) {
      fail(
        field,
        item,
        text,
        "has a step after a single value",
        `Step over * or a range instead, such as ${base}-${field.max}/${step}.`,
      );
    }
  }
  if (base === "*") return;
  const bounds = base.split("-");
  if (bounds.length > 2) fail(field, item, text, "is not a value or a range");
  const [low = "", high] = bounds;
  const from = valueOf(field, low, text);
  if (high === undefined) return;
  const to = valueOf(field, high, text);
  if (from > to) {
    const top = field.name === "day-of-week" ? 6 : field.max;
    fail(
      field,
      item,
      text,
      "is a range that runs backwards",
      `Write ranges low to high; to wrap around, list two ranges such as ${low}-${top},${field.min}-${high}.`,
    );
  }
}

/** A number or a name within the field's range. */
function valueOf(field: CronField, token: string, text: string): number {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < field.min || value > field.max) {
      fail(field, token, text, `is out of range ${field.min}-${field.max}`);
    }
    return value;
  }
  const named = field.names.indexOf(token.toUpperCase());
  if (named !== -1) return field.min + named;
  const names = field.names.length > 0 ? `, a name such as ${field.names[0] ?? ""}` : "";
  return fail(field, token, text, `is not a number${names} or *`);
}

function fail(
  field: CronField,
  value: string,
  text: string,
  problem: string,
  hint?: string,
): never {
  throw ScheduleInvalid.create(`cron field ${field.name} '${value}' ${problem} in "${text}"`, {
    hint: hint ?? FORM_HINT,
    details: { field: field.name, value },
  });
}
