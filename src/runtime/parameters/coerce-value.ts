import type { ParameterType } from "../../spec/field-types.js";

/** A coerced value, or why the raw value does not fit. */
export type Coerced =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const bad = (problem: string): Coerced => ({ ok: false, problem });

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const TRUE = new Set(["true", "yes", "on", "1"]);
const FALSE = new Set(["false", "no", "off", "0"]);

function isValidDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function integer(raw: unknown, big: boolean): Coerced {
  const text = typeof raw === "number" ? String(raw) : raw;
  if (typeof text !== "string" || !INTEGER.test(text.trim())) return bad("must be a whole number");
  const value = Number(text.trim());
  if (Number.isSafeInteger(value)) return ok(value);
  // Past 2^53 a bigint keeps every digit as text; the store writes it exactly.
  return big ? ok(BigInt(text.trim()).toString()) : bad("is too large for an integer");
}

function float(raw: unknown): Coerced {
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  return typeof value === "number" && Number.isFinite(value) ? ok(value) : bad("must be a number");
}

function text(raw: unknown): Coerced {
  if (typeof raw === "string") return ok(raw);
  if (typeof raw === "number" || typeof raw === "boolean") return ok(String(raw));
  return bad("must be text");
}

/**
 * Turns one raw value (a CLI string, or a JSON value from the API) into the typed value
 * handlers receive. `fromText` says the value came from a command line, where a JSON
 * parameter is written as JSON text.
 */
export function coerceValue(type: ParameterType, raw: unknown, fromText: boolean): Coerced {
  switch (type) {
    case "string":
    case "text":
    case "key":
      return text(raw);
    case "integer":
      return integer(raw, false);
    case "bigint":
      return integer(raw, true);
    case "float":
      return float(raw);
    case "decimal": {
      const value = typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw;
      return typeof value === "string" && DECIMAL.test(value.trim())
        ? ok(value.trim())
        : bad("must be a decimal number such as 12.50");
    }
    case "boolean":
    case "flag": {
      if (typeof raw === "boolean") return ok(raw);
      const word = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
      if (word === 1 || (typeof word === "string" && TRUE.has(word))) return ok(true);
      if (word === 0 || (typeof word === "string" && FALSE.has(word))) return ok(false);
      return bad("must be true or false");
    }
    case "date":
      return typeof raw === "string" && isValidDate(raw.trim())
        ? ok(raw.trim())
        : bad("must be a date YYYY-MM-DD");
    case "datetime": {
      const date = typeof raw === "string" && raw.trim() !== "" ? new Date(raw.trim()) : undefined;
      return date !== undefined && !Number.isNaN(date.getTime())
        ? ok(date.toISOString())
        : bad("must be a date and time such as 2026-01-31T12:00:00Z");
    }
    case "time":
      return typeof raw === "string" && TIME.test(raw.trim())
        ? ok(raw.trim())
        : bad("must be a time HH:MM or HH:MM:SS");
    case "duration":
      return typeof raw === "string" && DURATION.test(raw.trim())
        ? ok(raw.trim())
        : bad("must be an ISO 8601 duration such as PT5M or P1D");
    case "uuid":
      return typeof raw === "string" && UUID.test(raw.trim())
        ? ok(raw.trim().toLowerCase())
        : bad("must be a UUID");
    case "binary":
      return typeof raw === "string" && BASE64.test(raw.trim())
        ? ok(raw.trim())
        : bad("must be base64 text");
    case "json":
      if (!fromText || typeof raw !== "string") return ok(raw);
      try {
        return ok(JSON.parse(raw) as unknown);
      } catch {
        return bad(`must be JSON (for text, quote it: '"${raw}"')`);
      }
  }
}
