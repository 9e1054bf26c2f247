import type { FieldType } from "../../../../spec/field-types.js";
import { binaryCodec } from "./binary-codec.js";
import { booleanCodec } from "./boolean-codec.js";
import { durationCodec } from "./duration-codec.js";
import type { FieldCodec } from "./field-codec.js";
import { jsonCodec } from "./json-codec.js";
import { bigintCodec, decimalCodec, floatCodec, integerCodec } from "./number-codecs.js";
import { dateCodec, datetimeCodec, timeCodec } from "./temporal-codecs.js";
import { textCodec, uuidCodec } from "./text-codecs.js";

/** The codec of each field type; one table so a new type cannot be half supported. */
const CODECS: Readonly<Record<FieldType, FieldCodec>> = {
  string: textCodec,
  text: textCodec,
  integer: integerCodec,
  bigint: bigintCodec,
  float: floatCodec,
  decimal: decimalCodec,
  boolean: booleanCodec,
  date: dateCodec,
  datetime: datetimeCodec,
  time: timeCodec,
  duration: durationCodec,
  json: jsonCodec,
  uuid: uuidCodec,
  binary: binaryCodec,
};

export function codecFor(type: FieldType): FieldCodec {
  return CODECS[type];
}
