import type { FieldDefinition } from "../../../../spec/field-definition.js";
import { DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE } from "../../schema/index.js";
import type { FieldCodec } from "./field-codec.js";
import { ValueError, expected } from "./value-error.js";

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const MIN_BIGINT = -(2n ** 63n);
const MAX_BIGINT = 2n ** 63n - 1n;

function numberText(raw: unknown, what: string): string {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw expected(what, raw);
    return String(raw);
  }
  if (typeof raw === "bigint") return raw.toString();
  if (typeof raw === "string" && raw.trim() !== "") return raw.trim();
  throw expected(what, raw);
}

/** integer: a whole number within JavaScript's safe range (32-bit columns reject more). */
export const integerCodec: FieldCodec = {
  parse(raw) {
    // Numbers from JSON skip the text round trip: bulk saves call this per row.
    if (typeof raw === "number" && Number.isSafeInteger(raw)) return raw === 0 ? 0 : raw;
    const text = numberText(raw, "an integer");
    const value = Number(text);
    if (!INTEGER_TEXT.test(text) && !(typeof raw === "number" && Number.isInteger(raw))) {
      throw expected("an integer", raw);
    }
    if (!Number.isSafeInteger(value)) throw expected("an integer of reasonable size", raw);
    return value;
  },
  toDb: (value) => value,
  fromDb: (raw) => Number(raw),
};

/** bigint: 64-bit; canonical as decimal text so no digit is lost on the way. */
export const bigintCodec: FieldCodec = {
  parse(raw) {
    const text = numberText(raw, "a whole number");
    if (!INTEGER_TEXT.test(text)) throw expected("a whole number", raw);
    const value = BigInt(text);
    if (value < MIN_BIGINT || value > MAX_BIGINT) throw expected("a 64-bit whole number", raw);
    return value.toString();
  },
  toDb: (value, dialect) => (dialect === "sqlite" ? BigInt(value as string) : value),
  fromDb(raw) {
    const text = typeof raw === "string" ? raw : String(raw);
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : text;
  },
};

/** float (and the base of duration): any finite number. */
export const floatCodec: FieldCodec = {
  parse(raw) {
    if (typeof raw === "number" && Number.isFinite(raw)) return raw === 0 ? 0 : raw;
    const value = Number(numberText(raw, "a number"));
    if (!Number.isFinite(value)) throw expected("a number", raw);
    return value;
  },
  toDb: (value) => value,
  fromDb: (raw) => Number(raw),
};

/**
 * Normalizes decimal text to the field's scale ("12.5" with scale 2 -> "12.50") and
 * checks precision, so output is exactly what the column holds on every backend.
 */
export function normalizeDecimal(text: string, precision?: number, scale?: number): string {
  const match = DECIMAL_TEXT.exec(text);
  const [, sign = "", whole = "", fraction = ""] = match ?? [];
  if (match === null || (whole === "" && fraction === "")) {
    throw new ValueError(`expected a decimal number, got '${text}'`);
  }
  let digits = fraction;
  if (scale !== undefined) {
    if (digits.replace(/0+$/, "").length > scale) {
      throw new ValueError(`expected at most ${scale} digits after the point, got '${text}'`);
    }
    digits = digits.slice(0, scale).padEnd(scale, "0");
  }
  const integer = whole.replace(/^0+(?=\d)/, "") || "0";
  if (precision !== undefined && integer !== "0" && integer.length > precision - (scale ?? 0)) {
    throw new ValueError(
      `expected at most ${precision - (scale ?? 0)} digits before the point, got '${text}'`,
    );
  }
  const body = digits === "" ? integer : `${integer}.${digits}`;
  return sign === "-" && /[1-9]/.test(body) ? `-${body}` : body;
}

function decimalText(raw: unknown): string {
  if (typeof raw === "number") {
    // Fixed notation for small or large floats, without binary noise from toString.
    return Number.isInteger(raw) ? raw.toFixed(0) : String(raw);
  }
  return numberText(raw, "a decimal number");
}

/** The column's scale: the field's, else the schema's default. */
function scaleOf(field: FieldDefinition): number {
  return field.scale ?? DEFAULT_DECIMAL_SCALE;
}

/** decimal: exact text, never a float, at the column's scale. */
export const decimalCodec: FieldCodec = {
  parse: (raw, field) =>
    normalizeDecimal(
      decimalText(raw),
      field.precision ?? DEFAULT_DECIMAL_PRECISION,
      scaleOf(field),
    ),
  toDb: (value) => value,
  fromDb(raw, _dialect, field) {
    // SQLite keeps decimals as numbers; the others return exact text.
    const text = typeof raw === "number" ? raw.toFixed(scaleOf(field)) : decimalText(raw);
    try {
      return normalizeDecimal(text, undefined, scaleOf(field));
    } catch {
      return text;
    }
  },
};
