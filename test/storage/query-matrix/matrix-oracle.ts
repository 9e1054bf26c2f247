import type { Operator } from "../../../src/engines/storage/query/operators.js";
import type { Transform } from "../../../src/engines/storage/query/transforms.js";
import type { FieldType, JsonValue } from "../../../src/spec/field-types.js";
import type { RawValue } from "./matrix-rows.js";

/**
 * A JavaScript reading of docs/cli.md "Filters", independent of the SQL: what one
 * condition says about one stored value. `null` is SQL's unknown (a comparison with
 * no value), which `not(...)` keeps unknown.
 */
export type Truth = boolean | null;

/** One condition's field type, transform and operand (raw, as a filter value). */
export interface Probe {
  readonly type: FieldType;
  readonly transform: Transform | undefined;
  readonly operand: string;
}

type Scalar = string | number | bigint;

const DAY_MS = 86_400_000;

function parseDuration(raw: string): number {
  const text = raw.trim();
  if (/^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return Number(text);
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text);
  if (iso !== null) {
    const [days = 0, hours = 0, minutes = 0, seconds = 0] = iso
      .slice(1)
      .map((p: string | undefined) => Number(p ?? 0));
    return days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
  }
  const units: Readonly<Record<string, number>> = { d: 86_400, h: 3_600, m: 60, s: 1 };
  let total = 0;
  for (const [, amount = "", unit = ""] of text.matchAll(/(\d+(?:\.\d+)?)([dhms])/gi)) {
    total += Number(amount) * (units[unit.toLowerCase()] ?? Number.NaN);
  }
  return total;
}

/** Decimal text as an exact count of millionths (the fixture's scale is 6). */
function parseDecimal(raw: string): bigint {
  const [, sign = "", whole = "", fraction = ""] = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(raw) ?? [];
  const millionths = BigInt(`${whole || "0"}${fraction.padEnd(6, "0").slice(0, 6)}`);
  return sign === "-" ? -millionths : millionths;
}

/** Milliseconds since midnight of `HH:MM[:SS[.fff]]`. */
function parseTime(raw: string): number {
  const [hh = "0", mm = "0", ss = "0"] = raw.split(":");
  return Math.round(((Number(hh) * 60 + Number(mm)) * 60 + Number(ss)) * 1000);
}

/** How each type's values compare: to a JS value ordered as the documented semantics. */
const KEYS: Readonly<Record<Exclude<FieldType, "json">, (raw: string) => Scalar>> = {
  string: (raw) => raw,
  text: (raw) => raw,
  integer: Number,
  bigint: (raw) => BigInt(raw),
  float: Number,
  decimal: parseDecimal,
  boolean: (raw) => (["true", "1", "yes"].includes(raw.trim().toLowerCase()) ? 1 : 0),
  date: (raw) => raw,
  datetime: (raw) => Date.parse(raw),
  time: parseTime,
  duration: parseDuration,
  uuid: (raw) => raw.toLowerCase(),
  binary: (raw) => Buffer.from(raw, "base64").toString("hex"),
};

function isoWeek(day: Date): number {
  const thursday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  thursday.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - yearStart) / DAY_MS + 1) / 7);
}

/** A date transform of a stored value, in UTC, with ISO weeks and weekdays. */
function transformed(type: FieldType, transform: Transform, raw: string): number {
  if (type === "time") {
    const [hh = "", mm = ""] = raw.split(":");
    return transform === "hour" ? Number(hh) : Number(mm);
  }
  const at = new Date(type === "date" ? Date.parse(`${raw}T00:00:00Z`) : Date.parse(raw));
  switch (transform) {
    case "year":
      return at.getUTCFullYear();
    case "quarter":
      return Math.floor(at.getUTCMonth() / 3) + 1;
    case "month":
      return at.getUTCMonth() + 1;
    case "week":
      return isoWeek(at);
    case "weekday":
      return at.getUTCDay() || 7;
    case "day":
      return at.getUTCDate();
    case "hour":
      return at.getUTCHours();
    case "minute":
      return at.getUTCMinutes();
  }
}

function compare(a: Scalar, b: Scalar): number {
  if (typeof a !== typeof b) throw new Error(`oracle compares ${typeof a} with ${typeof b}`);
  return a < b ? -1 : a > b ? 1 : 0;
}

function textOf(value: RawValue): string {
  if (typeof value !== "string")
    throw new Error(`oracle expected text, got ${JSON.stringify(value)}`);
  return value;
}

/** The stored value's comparison key. */
function cellKey(probe: Probe, value: RawValue): Scalar {
  const raw = textOf(value);
  if (probe.transform !== undefined) return transformed(probe.type, probe.transform, raw);
  if (probe.type === "json") throw new Error("json values do not compare");
  return KEYS[probe.type](raw);
}

/** An operand's comparison key: a transform's operand is an integer. */
function operandKey(probe: Probe, raw: string): Scalar {
  if (probe.transform !== undefined) return Number(raw);
  if (probe.type === "json") throw new Error("json values do not compare");
  return KEYS[probe.type](raw);
}

/** Comma-separated, as documented; the empty text is the empty list. */
function listOf(operand: string): string[] {
  return operand === "" ? [] : operand.split(",");
}

/** Folds A to Z only: the case folding every backend shares. */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function isObject(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}

/** PostgreSQL's jsonb `@>`: only a top-level array holds a bare scalar. */
export function jsonContains(doc: JsonValue, value: JsonValue, top = true): boolean {
  if (isArray(doc)) {
    if (isArray(value)) return value.every((item) => doc.some((e) => jsonContains(e, item, false)));
    if (top && !isObject(value)) return doc.some((e) => !isArray(e) && !isObject(e) && e === value);
    return false;
  }
  if (isObject(doc)) {
    if (!isObject(value)) return false;
    return Object.entries(value).every(
      ([key, item]) => key in doc && jsonContains(doc[key] ?? null, item, false),
    );
  }
  return !isArray(value) && !isObject(value) && doc === value;
}

function parseJsonOperand(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

type Oracle = (value: RawValue, probe: Probe) => Truth;

/** A comparison: unknown without a value, else `test` of the three-way comparison. */
function compared(test: (order: number) => boolean): Oracle {
  return (value, probe) =>
    value === null ? null : test(compare(cellKey(probe, value), operandKey(probe, probe.operand)));
}

function textual(test: (value: string, operand: string) => boolean): Oracle {
  return (value, probe) => (value === null ? null : test(textOf(value), probe.operand));
}

function folded(test: (value: string, operand: string) => boolean): Oracle {
  return textual((value, operand) => test(foldAscii(value), foldAscii(operand)));
}

function listed(value: RawValue, probe: Probe): Truth {
  const items = listOf(probe.operand);
  if (items.length === 0) return false;
  if (value === null) return null;
  const key = cellKey(probe, value);
  return items.some((item) => compare(key, operandKey(probe, item)) === 0);
}

/**
 * The documented meaning of every operator. A Record, so an operator added to
 * OPERATORS without an oracle here does not compile (and the suite cannot run).
 */
export const ORACLES: Readonly<Record<Operator, Oracle>> = {
  eq: compared((order) => order === 0),
  ne: (value, probe) => value === null || compared((order) => order !== 0)(value, probe),
  lt: compared((order) => order < 0),
  lte: compared((order) => order <= 0),
  gt: compared((order) => order > 0),
  gte: compared((order) => order >= 0),
  in: listed,
  notin: (value, probe) => {
    const found = listed(value, probe);
    return found === null ? true : !found;
  },
  contains: (value, probe) => {
    if (value === null) return null;
    if (probe.type === "json") return jsonContains(value, parseJsonOperand(probe.operand));
    return textOf(value).includes(probe.operand);
  },
  icontains: folded((value, operand) => value.includes(operand)),
  startswith: textual((value, operand) => value.startsWith(operand)),
  istartswith: folded((value, operand) => value.startsWith(operand)),
  endswith: textual((value, operand) => value.endsWith(operand)),
  iendswith: folded((value, operand) => value.endsWith(operand)),
  isnull: (value, probe) => (value === null) === ["true", "1", "yes"].includes(probe.operand),
  range: (value, probe) => {
    if (value === null) return null;
    const [low = "", high = ""] = listOf(probe.operand);
    const key = cellKey(probe, value);
    return compare(key, operandKey(probe, low)) >= 0 && compare(key, operandKey(probe, high)) <= 0;
  },
  regex: textual((value, operand) => new RegExp(operand, "u").test(value)),
};

export function evaluate(operator: Operator, value: RawValue, probe: Probe): Truth {
  return ORACLES[operator](value, probe);
}
