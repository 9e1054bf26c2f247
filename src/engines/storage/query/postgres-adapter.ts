import { sql, type AliasableExpression, type SqlBool } from "kysely";
import type { DialectAdapter } from "./dialect-adapter.js";
import { likePattern } from "./dialect-adapter.js";
import type { Transform } from "./transforms.js";

const FIELDS: Readonly<Record<Transform, string>> = {
  year: "YEAR",
  month: "MONTH",
  day: "DAY",
  week: "WEEK",
  weekday: "ISODOW",
  quarter: "QUARTER",
  hour: "HOUR",
  minute: "MINUTE",
};

export const postgresAdapter: DialectAdapter = {
  dialect: "postgres",
  maxParameters: 65_535,
  nullsOrdering: true,
  datePart(column, part, type) {
    // timestamptz parts follow the session zone; datetimes are defined in UTC.
    const source = type === "datetime" ? sql`(${column} AT TIME ZONE 'UTC')` : column;
    return sql<number>`CAST(EXTRACT(${sql.raw(FIELDS[part])} FROM ${source}) AS integer)`;
  },
  textMatch(column, text, anchor, caseInsensitive) {
    const like = caseInsensitive ? sql.raw("ILIKE") : sql.raw("LIKE");
    return sql<SqlBool>`${column} ${like} ${likePattern(text, anchor)} ESCAPE '!'`;
  },
  regex: (column, pattern) => sql<SqlBool>`${column} ~ ${pattern}`,
  jsonContains: (column, value) =>
    sql<SqlBool>`CAST(${column} AS jsonb) @> CAST(${JSON.stringify(value)} AS jsonb)`,
  selectColumn: (column: AliasableExpression<unknown>) => column,
};
