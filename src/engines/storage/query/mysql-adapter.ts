import { sql, type AliasableExpression, type Expression, type SqlBool } from "kysely";
import type { DialectAdapter } from "./dialect-adapter.js";
import { likePattern } from "./dialect-adapter.js";
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

/**
 * MySQL and MariaDB compare text by the column's collation, usually case-insensitive,
 * so case-sensitive matches compare bytes and case-insensitive ones lower both sides.
 */
export const mysqlAdapter: DialectAdapter = {
  dialect: "mysql",
  maxParameters: 65_535,
  datePart: (column, transform) => part(column, transform),
  textMatch(column, text, anchor, caseInsensitive) {
    const pattern = likePattern(text, anchor);
    return caseInsensitive
      ? sql<SqlBool>`LOWER(${column}) LIKE LOWER(${pattern}) ESCAPE '!'`
      : sql<SqlBool>`CAST(${column} AS BINARY) LIKE CAST(${pattern} AS BINARY) ESCAPE '!'`;
  },
  // `(?-i)` turns off the case folding a _ci collation would otherwise apply.
  regex: (column, pattern) => sql<SqlBool>`${column} REGEXP ${`(?-i)${pattern}`}`,
  jsonContains: (column, value) => sql<SqlBool>`JSON_CONTAINS(${column}, ${JSON.stringify(value)})`,
  selectColumn: (column: AliasableExpression<unknown>) => column,
};
