import { sql, type Expression, type SqlBool } from "kysely";

/**
 * Whether a stored sealed value names key `keyId`: its text starts with `keyId:`.
 * Compared with substr rather than LIKE, where `_` (allowed in key ids) is a wildcard.
 */
export function sealedWith(column: string, keyId: string): Expression<SqlBool> {
  const prefix = `${keyId}:`;
  return sql<SqlBool>`substr(${sql.ref(column)}, 1, ${sql.lit(prefix.length)}) = ${prefix}`;
}
