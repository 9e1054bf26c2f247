import type { FieldCodec, FieldValue } from "./field-codec.js";
import { expected } from "./value-error.js";

function asText(raw: unknown): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  throw expected("a string", raw);
}

function outputText(raw: unknown): string {
  if (Buffer.isBuffer(raw)) return raw.toString("utf8");
  return typeof raw === "string" ? raw : String(raw);
}

/** string and text: any text; numbers and booleans from JSON become their text. */
export const textCodec: FieldCodec = {
  parse: asText,
  toDb: (value: FieldValue) => value,
  fromDb: outputText,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** uuid: the canonical 8-4-4-4-12 hex form, stored and returned lowercase. */
export const uuidCodec: FieldCodec = {
  parse(raw) {
    if (typeof raw !== "string" || !UUID.test(raw.trim())) {
      throw expected("a UUID such as 123e4567-e89b-12d3-a456-426614174000", raw);
    }
    return raw.trim().toLowerCase();
  },
  toDb: (value) => value,
  fromDb: (raw) => outputText(raw).toLowerCase(),
};
