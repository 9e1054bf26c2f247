import type { FieldCodec } from "./field-codec.js";
import { expected } from "./value-error.js";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** binary: base64 in, bytes in the database, base64 out. */
export const binaryCodec: FieldCodec = {
  parse(raw) {
    if (Buffer.isBuffer(raw)) return raw;
    if (typeof raw !== "string" || !BASE64.test(raw.trim())) throw expected("base64 text", raw);
    return Buffer.from(raw.trim(), "base64");
  },
  toDb: (value) => value,
  fromDb(raw) {
    if (raw instanceof Uint8Array) return Buffer.from(raw).toString("base64");
    return Buffer.from(typeof raw === "string" ? raw : JSON.stringify(raw), "binary").toString(
      "base64",
    );
  },
};
