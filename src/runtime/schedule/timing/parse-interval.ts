import { ScheduleInvalid } from "../../../foundations/error-codes.js";

/** Milliseconds per interval unit, largest first: the order units must be written in. */
const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
type Unit = keyof typeof UNITS;
const UNIT_ORDER = Object.keys(UNITS) as Unit[];

const HINT = 'Write whole numbers with the units s, m, h or d, largest first: "every 1h30m".';

const isUnit = (text: string): text is Unit => Object.hasOwn(UNITS, text);

/**
 * The length of an `every` interval such as `15m`, `1h30m` or `1d 12h`, in milliseconds.
 * Parts are whole numbers with a unit (s, m, h, d), largest unit first, each unit once.
 * Zero is refused here because such a schedule would never fire.
 */
export function parseInterval(amount: string, text: string): number {
  const compact = amount.replace(/\s+/g, "");
  if (compact === "") {
    throw ScheduleInvalid.create(`"${text}" needs an interval, as in "every 15m"`, { hint: HINT });
  }
  if (compact.startsWith("-")) {
    throw ScheduleInvalid.create(`the interval '${amount}' in "${text}" is negative`, {
      hint: HINT,
    });
  }
  const parts = [...compact.matchAll(/(\d+(?:\.\d*)?)([a-zA-Z]*)/gy)];
  const consumed = parts.reduce((length, part) => length + part[0].length, 0);
  if (parts.length === 0 || consumed !== compact.length) {
    throw ScheduleInvalid.create(`cannot read the interval '${amount}' in "${text}"`, {
      hint: HINT,
    });
  }
  let total = 0;
  let lastUnit = -1;
  for (const [part, digits = "", unit = ""] of parts) {
    if (unit === "") {
      throw ScheduleInvalid.create(`the interval part '${part}' in "${text}" has no unit`, {
        hint: HINT,
      });
    }
    if (!isUnit(unit)) {
      throw ScheduleInvalid.create(`unknown interval unit '${unit}' in "${text}"`, { hint: HINT });
    }
    if (!/^\d+$/.test(digits)) {
      throw ScheduleInvalid.create(
        `the interval part '${part}' in "${text}" is not a whole number`,
        { hint: HINT },
      );
    }
    const order = UNIT_ORDER.indexOf(unit);
    if (order <= lastUnit) {
      throw ScheduleInvalid.create(
        `the interval '${amount}' in "${text}" repeats a unit or puts a smaller unit first`,
        { hint: HINT },
      );
    }
    lastUnit = order;
    total += Number(digits) * UNITS[unit];
  }
  if (!Number.isSafeInteger(total)) {
    throw ScheduleInvalid.create(`the interval '${amount}' in "${text}" is too long`, {
      hint: HINT,
    });
  }
  checkIntervalMs(total, text);
  return total;
}

/** Refuses an interval that would never fire or would fire backwards. */
export function checkIntervalMs(ms: number, text: string): void {
  if (ms === 0) {
    throw ScheduleInvalid.create(`an interval of zero never fires: use "every 15m"`, {
      hint: `Give "${text}" an interval longer than zero.`,
    });
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw ScheduleInvalid.create(
      `the interval of ${String(ms)} ms in "${text}" is not a positive length`,
      { hint: HINT },
    );
  }
}
