import {
  sql,
  type AliasableExpression,
  type Expression,
  type RawBuilder,
  type SqlBool,
} from "kysely";
import type { JsonValue } from "../../../spec/field-types.js";
import type { DialectAdapter } from "./dialect-adapter.js";
import { likePattern, unknownWithoutValue } from "./dialect-adapter.js";
import type { Transform } from "./transforms.js";

function part(column: Expression<unknown>, transform: Transform): Expression<number> {
  switch (transform) {
    case "year":
      return sql<number>`YEAR(${column})`;
    case "month":
      return sql<number>`MONTH(${column})`;
    case "day":
      return sql<number>`DAYOFMONTH(${column})`;
    case "week":
      return sql<number>`WEEK(${column}, 3)`;
    case "weekday":
      return sql<number>`(WEEKDAY(${column}) + 1)`;
    case "quarter":
      return sql<number>`QUARTER(${column})`;
    case "hour":
      return sql<number>`HOUR(${column})`;
    case "minute":
      return sql<number>`MINUTE(${column})`;
  }
}

/** A JSON scalar equal to `value` (JSON_CONTAINS compares scalars as JSON: 1 = 1.0, 1 <> "1"). */
function scalarEquals(doc: Expression<unknown>, value: JsonValue): RawBuilder<SqlBool> {
  return sql<SqlBool>`(JSON_TYPE(${doc}) NOT IN ('OBJECT', 'ARRAY') AND JSON_CONTAINS(${doc}, ${JSON.stringify(value)}))`;
}

/** Some element (alias `e<depth>`) of the JSON array `doc` meets `match`. */
function someElement(
  doc: Expression<unknown>,
  depth: number,
  match: (element: Expression<unknown>) => RawBuilder<SqlBool>,
): RawBuilder<SqlBool> {
  const e = `e${String(depth)}`;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM JSON_TABLE(${doc}, '$[*]' COLUMNS (v JSON PATH '$')) AS ${sql.id(e)} WHERE ${match(sql.ref(`${e}.v`))})`;
}

/**
 * PostgreSQL's `@>`, which JSON_CONTAINS is not (it looks into nested arrays and finds
 * objects in arrays): an object holds each key with a containing value, an array an
 * element containing each item, a scalar equals the document or, at the top only, an
 * element of the document array.
 */
function contains(doc: Expression<unknown>, value: JsonValue, depth: number): RawBuilder<SqlBool> {
  const all = (type: string, parts: RawBuilder<SqlBool>[]) =>
    sql<SqlBool>`(${sql.join([sql`JSON_TYPE(${doc}) = ${type}`, ...parts], sql` AND `)})`;
  if (Array.isArray(value)) {
    return all(
      "ARRAY",
      (value as readonly JsonValue[]).map((item) =>
        someElement(doc, depth, (element) => contains(element, item, depth + 1)),
      ),
    );
  }
  if (typeof value === "object" && value !== null) {
    return all(
      "OBJECT",
      Object.entries(value as Readonly<Record<string, JsonValue>>).map(([key, item]) => {
        const path = `$.${JSON.stringify(key)}`;
        return sql<SqlBool>`(JSON_CONTAINS_PATH(${doc}, 'one', ${path}) AND ${contains(sql`JSON_EXTRACT(${doc}, ${path})`, item, depth + 1)})`;
      }),
    );
  }
  if (depth > 0) return scalarEquals(doc, value);
  return sql<SqlBool>`(${scalarEquals(doc, value)} OR (JSON_TYPE(${doc}) = 'ARRAY' AND ${someElement(doc, depth, (element) => scalarEquals(element, value))}))`;
}

/**
 * MySQL and MariaDB compare text by the column's collation, usually case-insensitive,
 * so exact comparisons and matches compare bytes, and case-insensitive ones lower both
 * sides first (the collation would also equate accents and ignore trailing spaces).
 */
export const mysqlAdapter: DialectAdapter = {
  dialect: "mysql",
  maxParameters: 65_535,
  nullsOrdering: false,
  datePart: (column, transform) => part(column, transform),
  textMatch(column, text, anchor, caseInsensitive) {
    const pattern = likePattern(text, anchor);
    return caseInsensitive
      ? sql<SqlBool>`CAST(LOWER(${column}) AS BINARY) LIKE CAST(LOWER(${pattern}) AS BINARY) ESCAPE '!'`
      : sql<SqlBool>`CAST(${column} AS BINARY) LIKE CAST(${pattern} AS BINARY) ESCAPE '!'`;
  },
  // `(?-i)` turns off the case folding a _ci collation would otherwise apply.
  regex: (column, pattern) => sql<SqlBool>`${column} REGEXP ${`(?-i)${pattern}`}`,
  jsonContains: (column, value) => unknownWithoutValue(column, contains(column, value, 0)),
  exactText: (column) => sql`CAST(${column} AS BINARY)`,
  selectColumn: (column: AliasableExpression<unknown>) => column,
};
