import type { JsonValue, ParameterType } from "./field-types.js";

/** What a field or parameter allows, for checking defaults and choices. */
export interface ValueRules {
  readonly type: ParameterType;
  readonly choices?: readonly JsonValue[] | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly maxLength?: number | undefined;
}

export const NUMERIC_TYPES: readonly ParameterType[] = [
  "integer",
  "bigint",
  "float",
  "decimal",
  "duration",
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** Whether the leading YYYY-MM-DD names a real day (Date.parse accepts 2024-02-31). */
function isValidDate(text: string): boolean {
  const day = text.slice(0, 10);
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/** Why `value` does not fit the type alone, or undefined when it does. */
function typeProblem(value: JsonValue, type: ParameterType): string | undefined {
  const shown = JSON.stringify(value);
  switch (type) {
    case "string":
    case "text":
    case "binary":
    case "secret":
      return typeof value === "string" ? undefined : `${shown} is not a string`;
    case "uuid":
      return typeof value === "string" && UUID.test(value) ? undefined : `${shown} is not a UUID`;
    case "integer":
    case "bigint":
      return Number.isInteger(value) ? undefined : `${shown} is not a whole number`;
    case "float":
    case "duration":
      return typeof value === "number" ? undefined : `${shown} is not a number`;
    case "decimal":
      return typeof value === "number" || (typeof value === "string" && DECIMAL.test(value))
        ? undefined
        : `${shown} is not a decimal number`;
    case "boolean":
    case "flag":
      return typeof value === "boolean" ? undefined : `${shown} is not true or false`;
    case "date":
      return typeof value === "string" && DATE.test(value) && isValidDate(value)
        ? undefined
        : `${shown} is not a date (YYYY-MM-DD)`;
    case "datetime":
      return typeof value === "string" && DATETIME.test(value) && isValidDate(value)
        ? undefined
        : `${shown} is not an ISO 8601 date and time`;
    case "time":
      return typeof value === "string" && TIME.test(value)
        ? undefined
        : `${shown} is not a time (HH:MM[:SS])`;
    case "key":
      return typeof value === "string" || Number.isInteger(value)
        ? undefined
        : `${shown} is not a key (a string or a whole number)`;
    case "json":
      return undefined;
  }
}

/** Why `value` breaks the rules (type, then choices, range and length), or undefined. */
export function valueProblem(value: JsonValue, rules: ValueRules): string | undefined {
  const wrongType = typeProblem(value, rules.type);
  if (wrongType !== undefined) return wrongType;
  const shown = JSON.stringify(value);
  if (rules.choices !== undefined && !rules.choices.some((c) => sameJson(c, value))) {
    return `${shown} is not one of the choices ${JSON.stringify(rules.choices)}`;
  }
  const number = typeof value === "number" ? value : undefined;
  if (number !== undefined && rules.min !== undefined && number < rules.min) {
    return `${shown} is less than the minimum ${rules.min}`;
  }
  if (number !== undefined && rules.max !== undefined && number > rules.max) {
    return `${shown} is more than the maximum ${rules.max}`;
  }
  if (
    typeof value === "string" &&
    rules.maxLength !== undefined &&
    codePoints(value) > rules.maxLength
  ) {
    return `${shown} is longer than max_length ${rules.maxLength}`;
  }
  return undefined;
}

/** Characters as databases count them (code points, not UTF-16 units). */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
