import { sql, type Expression, type RawBuilder, type SqlBool } from "kysely";
import type { JsonValue } from "../../../spec/field-types.js";
import type { DialectAdapter } from "./dialect-adapter.js";
import { likePattern, unknownWithoutValue } from "./dialect-adapter.js";
import type { TextAnchor } from "./operators.js";
import type { Transform } from "./transforms.js";

const FORMATS: Readonly<Record<Exclude<Transform, "quarter">, string>> = {
  year: "%Y",
  month: "%m",
  day: "%d",
  week: "%V",
  weekday: "%u",
  hour: "%H",
  minute: "%M",
};

/** GLOB is SQLite's case-sensitive LIKE; `*`, `?` and `[` are escaped as one-character classes. */
function globPattern(text: string, anchor: TextAnchor): string {
  const escaped = text.replace(/[*?[]/g, (c) => `[${c}]`);
  switch (anchor) {
    case "contains":
      return `*${escaped}*`;
    case "start":
      return `${escaped}*`;
    case "end":
      return `*${escaped}`;
  }
}

/** A json_each row (alias `e`) that holds `value`: equal scalars, containing containers. */
function elementMatches(e: string, value: JsonValue, depth: number): RawBuilder<SqlBool> {
  const ref = (column: string) => sql.ref(`${e}.${column}`);
  if (value === null) return sql<SqlBool>`${ref("type")} = 'null'`;
  if (typeof value === "boolean") {
    return sql<SqlBool>`${ref("type")} = ${value ? "true" : "false"}`;
  }
  if (typeof value === "number") {
    return sql<SqlBool>`(${ref("type")} IN ('integer', 'real') AND ${ref("value")} = ${value})`;
  }
  if (typeof value === "string") {
    return sql<SqlBool>`(${ref("type")} = 'text' AND ${ref("value")} = ${value})`;
  }
  // CASE, unlike AND, never evaluates json_type() on a text element.
  return sql<SqlBool>`(CASE WHEN ${ref("type")} IN ('object', 'array') THEN ${contains(ref("value"), value, depth + 1)} ELSE 0 END)`;
}

/**
 * PostgreSQL's `@>` rebuilt from json_each: an object holds each key with a
 * containing value, an array holds an element containing each item, a scalar equals
 * the stored scalar or an element of the stored array.
 */
function contains(doc: Expression<unknown>, value: JsonValue, depth: number): RawBuilder<SqlBool> {
  const e = `e${depth}`;
  const some = (match: RawBuilder<SqlBool>, key?: string) =>
    key === undefined
      ? sql<SqlBool>`EXISTS (SELECT 1 FROM json_each(${doc}) AS ${sql.id(e)} WHERE ${match})`
      : sql<SqlBool>`EXISTS (SELECT 1 FROM json_each(${doc}) AS ${sql.id(e)} WHERE ${sql.ref(`${e}.key`)} = ${key} AND ${match})`;
  const all = (parts: RawBuilder<SqlBool>[], type: string) =>
    sql<SqlBool>`(${sql.join([sql`json_type(${doc}) = ${type}`, ...parts], sql` AND `)})`;
  if (Array.isArray(value)) {
    return all(
      (value as readonly JsonValue[]).map((item) => some(elementMatches(e, item, depth))),
      "array",
    );
  }
  if (typeof value === "object" && value !== null) {
    return all(
      Object.entries(value as Readonly<Record<string, JsonValue>>).map(([key, item]) =>
        some(elementMatches(e, item, depth), key),
      ),
      "object",
    );
  }
  return sql<SqlBool>`(json_type(${doc}) <> 'object' AND ${some(elementMatches(e, value, depth))})`;
}

export const sqliteAdapter: DialectAdapter = {
  dialect: "sqlite",
  maxParameters: 32_766,
  nullsOrdering: true,
  datePart(column, transform) {
    if (transform === "quarter") {
      return sql<number>`((CAST(strftime('%m', ${column}) AS INTEGER) + 2) / 3)`;
    }
    return sql<number>`CAST(strftime(${sql.lit(FORMATS[transform])}, ${column}) AS INTEGER)`;
  },
  textMatch(column, text, anchor, caseInsensitive) {
    // SQLite's LIKE folds ASCII letters only; GLOB never folds.
    return caseInsensitive
      ? sql<SqlBool>`${column} LIKE ${likePattern(text, anchor)} ESCAPE '!'`
      : sql<SqlBool>`${column} GLOB ${globPattern(text, anchor)}`;
  },
  // Calls the `regexp` function registered on every connection (database.ts).
  regex: (column, pattern) => sql<SqlBool>`${column} REGEXP ${pattern}`,
  jsonContains: (column, value) => unknownWithoutValue(column, contains(column, value, 0)),
  selectColumn: (column, field) =>
    field.type === "bigint" ? sql`CAST(${column} AS TEXT)` : column,
};
