/**
 * A raw value that does not fit a field. Codecs throw it with what they expected; the
 * record store and the filter binder turn it into CAIRN_RECORD_INVALID or
 * CAIRN_QUERY_BAD_VALUE naming the field or the filter.
 */
export class ValueError extends Error {
  override readonly name = "ValueError";

  constructor(readonly problem: string) {
    super(problem);
  }
}

/** Short, safe rendering of a raw value inside a message. */
export function showValue(raw: unknown): string {
  let text: string;
  if (typeof raw === "string") text = `'${raw}'`;
  else if (Buffer.isBuffer(raw)) text = "binary data";
  else if (raw === undefined || typeof raw === "function") text = typeof raw;
  else text = JSON.stringify(raw);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function expected(what: string, raw: unknown): ValueError {
  return new ValueError(`expected ${what}, got ${showValue(raw)}`);
}
