import type { FieldCodec } from "./field-codec.js";
import { expected } from "./value-error.js";

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  w: 604_800,
  d: 86_400,
  h: 3_600,
  m: 60,
  s: 1,
};
const ISO =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const COMPACT = /^(?:\d+(?:\.\d+)?[wdhms])+$/i;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Seconds from a number, ISO 8601 (`PT1H30M`, `P1DT2H`; no years or months, whose
 * length varies) or compact units (`90m`, `1h30m`, `45s`, `2d`).
 */
export function parseDuration(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  const text = raw.trim();
  if (NUMBER.test(text)) return Number(text);
  const iso = ISO.exec(text);
  if (iso !== null && text.length > 1 && !text.toUpperCase().endsWith("T")) {
    const [weeks, days, hours, minutes, seconds] = iso
      .slice(1)
      .map((p) => Number((p as string | undefined) ?? 0));
    return (
      (weeks ?? 0) * 604_800 +
      (days ?? 0) * 86_400 +
      (hours ?? 0) * 3_600 +
      (minutes ?? 0) * 60 +
      (seconds ?? 0)
    );
  }
  if (COMPACT.test(text)) {
    let total = 0;
    for (const [, amount = "", unit = ""] of text.matchAll(/(\d+(?:\.\d+)?)([wdhms])/gi)) {
      total += Number(amount) * (UNIT_SECONDS[unit.toLowerCase()] ?? 0);
    }
    return total;
  }
  return undefined;
}

/** duration: stored as float seconds, returned as a number of seconds. */
export const durationCodec: FieldCodec = {
  parse(raw) {
    const seconds = parseDuration(raw);
    if (seconds === undefined) {
      throw expected("a duration: seconds, ISO 8601 such as PT1H30M, or 1h30m / 90m / 45s", raw);
    }
    return seconds;
  },
  toDb: (value) => value,
  fromDb: (raw) => Number(raw),
};
