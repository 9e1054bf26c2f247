import type { JsonValue } from "../../../spec/field-types.js";
import { QueryBadValue } from "../../../foundations/error-codes.js";
import type { DialectName } from "../database.js";
import { codecFor } from "../records/codecs/codec-for.js";
import type { OrderTerm } from "../query/compile-order.js";

/**
 * Keyset cursors: base64url JSON of the ordering they belong to (`o`) and the last
 * row's value for each order term (`k`, ending in its id). Not a secret nor signed:
 * decoding checks the shape, the ordering and every value's type, so a damaged or
 * edited cursor is refused; a well-formed edited one only moves where the page starts,
 * and every value still reaches SQL as a bound parameter.
 */

interface CursorPayload {
  readonly o: string;
  readonly k: readonly JsonValue[];
}

/** The ordering as text: `-date,station__number:nullslast,id`. */
export function orderSignature(terms: readonly OrderTerm[]): string {
  return terms
    .map((t) => `${t.descending ? "-" : ""}${t.path}${t.nulls === undefined ? "" : `:${t.nulls}`}`)
    .join(",");
}

export function encodeCursor(terms: readonly OrderTerm[], values: readonly JsonValue[]): string {
  const payload: CursorPayload = { o: orderSignature(terms), k: values };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

function badCursor(problem: string, cause?: unknown): never {
  throw QueryBadValue.create(`bad cursor: ${problem}`, {
    hint: "Pass the cursor from the previous page's next link unchanged, with the same order; or start again without a cursor.",
    details: { parameter: "cursor" },
    cause,
  });
}

function readPayload(cursor: string): CursorPayload {
  if (cursor === "" || cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    badCursor("it is not a base64url token");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    badCursor("it does not decode", error);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    badCursor("it does not decode to a cursor");
  }
  const { o, k } = parsed as { o?: unknown; k?: unknown };
  if (typeof o !== "string" || !Array.isArray(k)) badCursor("it does not decode to a cursor");
  return { o, k: k as JsonValue[] };
}

/** The cursor's values as driver parameters, one per term; CAIRN_QUERY_BAD_VALUE otherwise. */
export function decodeCursor(
  cursor: string,
  terms: readonly OrderTerm[],
  dialect: DialectName,
): unknown[] {
  const payload = readPayload(cursor);
  const signature = orderSignature(terms);
  if (payload.o !== signature) {
    badCursor(`it belongs to the order '${payload.o}', not '${signature}'`);
  }
  if (payload.k.length !== terms.length) badCursor("it holds the wrong number of values");
  return terms.map((term, i) => {
    const value = payload.k[i] ?? null;
    if (value === null) {
      if (term.nulls === undefined) badCursor(`'${term.path}' cannot be empty`);
      return null;
    }
    try {
      const codec = codecFor(term.field.type);
      return codec.toDb(codec.parse(value, term.field), dialect);
    } catch (error) {
      return badCursor(`'${term.path}' holds a bad value`, error);
    }
  });
}

/** The cursor values of one keyset-query row, read from the columns `keys` names. */
export function cursorValues(
  terms: readonly OrderTerm[],
  keys: readonly string[],
  row: Readonly<Record<string, unknown>>,
  dialect: DialectName,
): JsonValue[] {
  return terms.map((term, i) => {
    const raw = row[keys[i] ?? `${KEY_PREFIX}${String(i)}`];
    return raw === null || raw === undefined
      ? null
      : codecFor(term.field.type).fromDb(raw, dialect, term.field);
  });
}

/** Select alias prefix of the order values the list query reads for cursors. */
export const KEY_PREFIX = "_k";
