import { sql, type AliasableExpression, type Expression, type SqlBool } from "kysely";
import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { FieldType, JsonValue } from "../../../spec/field-types.js";
import type { DialectName } from "../database.js";
import type { TextAnchor } from "./operators.js";
import type { Transform } from "./transforms.js";

/**
 * The few things the backends spell differently, behind one small interface (as
 * Kysely's DialectAdapter). Everything else is emitted with the expression builder.
 */
export interface DialectAdapter {
  readonly dialect: DialectName;
  /** Most bind parameters one statement may carry. */
  readonly maxParameters: number;
  /** Whether ORDER BY takes NULLS FIRST / NULLS LAST (else nulls are placed by an extra key). */
  readonly nullsOrdering: boolean;
  /** An integer part of a date, datetime (in UTC) or time. */
  datePart(column: Expression<unknown>, part: Transform, type: FieldType): Expression<number>;
  /** Substring, prefix or suffix match with wildcards in `text` taken literally. */
  textMatch(
    column: Expression<unknown>,
    text: string,
    anchor: TextAnchor,
    caseInsensitive: boolean,
  ): Expression<SqlBool>;
  /** Case-sensitive regular expression match. */
  regex(column: Expression<unknown>, pattern: string): Expression<SqlBool>;
  /** Whether the JSON document contains `value` (PostgreSQL's `@>` semantics). */
  jsonContains(column: Expression<unknown>, value: JsonValue): Expression<SqlBool>;
  /**
   * The text column as compared byte for byte, where the column's collation would fold
   * case, accents or trailing spaces (MySQL and MariaDB's `_ci` ones); absent elsewhere.
   */
  exactText?(column: Expression<unknown>): Expression<unknown>;
  /** How a column is read back, e.g. SQLite casts bigints to text so no digit is lost. */
  selectColumn(
    column: AliasableExpression<unknown>,
    field: FieldDefinition,
  ): AliasableExpression<unknown>;
}

/** `!` escapes LIKE wildcards: one escape character every backend reads the same way. */
export const LIKE_ESCAPE = "!";

export function likePattern(text: string, anchor: TextAnchor): string {
  const escaped = text.replace(/[!%_]/g, (c) => `!${c}`);
  switch (anchor) {
    case "contains":
      return `%${escaped}%`;
    case "start":
      return `${escaped}%`;
    case "end":
      return `%${escaped}`;
  }
}

/**
 * `predicate`, but unknown (NULL) without a value, as a plain comparison would be, so
 * `not(...)` skips rows without one (docs/cli.md) where the predicate alone says false.
 */
export function unknownWithoutValue(
  column: Expression<unknown>,
  predicate: Expression<SqlBool>,
): Expression<SqlBool> {
  return sql<SqlBool>`(CASE WHEN ${column} IS NULL THEN NULL ELSE ${predicate} END)`;
}
