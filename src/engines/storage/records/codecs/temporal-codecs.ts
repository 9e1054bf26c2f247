import type { FieldCodec } from "./field-codec.js";
import { expected } from "./value-error.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

/** A real calendar day `YYYY-MM-DD`; checked by arithmetic since bulk saves call it per row. */
function validDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** date: `YYYY-MM-DD`, a real calendar day. */
export const dateCodec: FieldCodec = {
  parse(raw) {
    const text = typeof raw === "string" ? raw.trim() : "";
    if (!validDate(text)) throw expected("a date YYYY-MM-DD", raw);
    return text;
  },
  toDb: (value) => value,
  fromDb(raw) {
    if (raw instanceof Date) return raw.toISOString().slice(0, 10);
    return String(raw).slice(0, 10);
  },
};

/** An offset as `+HH:MM` whatever way it was written (`Z`, `+01`, `+0100`). */
function offsetOf(zone: string): string {
  if (zone.toUpperCase() === "Z") return "Z";
  const digits = zone.replace(":", "");
  return `${digits.slice(0, 3)}:${digits.slice(3, 5) || "00"}`;
}

/**
 * An ISO 8601 instant with an offset (or a bare date, meaning midnight UTC) as
 * `YYYY-MM-DDTHH:MM:SS.mmmZ`; undefined when the text is not one.
 */
export function parseInstant(text: string): string | undefined {
  if (validDate(text)) return `${text}T00:00:00.000Z`;
  const match = DATETIME.exec(text);
  if (match === null) return undefined;
  const [, day = "", hours = "", minutes = "", seconds = "00", fraction = "", zone = "Z"] = match;
  if (!validDate(day) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) {
    return undefined;
  }
  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const date = new Date(`${day}T${hours}:${minutes}:${seconds}.${millis}${offsetOf(zone)}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Driver text for an instant: UTC, with a zone where the column understands one. */
function instantToDb(iso: string, dialect: string): string {
  return dialect === "mysql" ? iso.slice(0, 23).replace("T", " ") : iso;
}

/** datetime: an instant, stored in UTC with milliseconds, returned as `...sssZ`. */
export const datetimeCodec: FieldCodec = {
  parse(raw) {
    const instant = typeof raw === "string" ? parseInstant(raw.trim()) : undefined;
    if (instant === undefined) {
      throw expected("an ISO 8601 date and time with an offset, e.g. 2024-01-02T03:04:05Z", raw);
    }
    return instant;
  },
  toDb: (value, dialect) => instantToDb(value as string, dialect),
  fromDb(raw) {
    if (raw instanceof Date) return raw.toISOString();
    const text = String(raw);
    // What Cairn itself writes on SQLite: already canonical, and read on every row.
    if (CANONICAL_INSTANT.test(text)) return text;
    // MySQL returns UTC without a zone; PostgreSQL returns `+00` style offsets.
    const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text.slice(10)) ? text : `${text}Z`;
    return parseInstant(zoned) ?? text;
  },
};

/** time: `HH:MM[:SS[.fff]]` on input, `HH:MM:SS` on output. */
export const timeCodec: FieldCodec = {
  parse(raw) {
    const match = typeof raw === "string" ? TIME.exec(raw.trim()) : null;
    const [, hours = "", minutes = "", seconds = "00", fraction] = match ?? [];
    if (match === null || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) {
      throw expected("a time HH:MM or HH:MM:SS", raw);
    }
    const base = `${hours}:${minutes}:${seconds}`;
    return fraction === undefined ? base : `${base}.${fraction.padEnd(3, "0").slice(0, 3)}`;
  },
  toDb: (value) => value,
  fromDb: (raw) => String(raw).slice(0, 8),
};
