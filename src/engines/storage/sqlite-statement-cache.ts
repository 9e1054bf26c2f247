import type BetterSqlite from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/** Statements kept per connection; the query shapes of one project are far fewer. */
const CACHE_SIZE = 256;

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles SQL on each prepare,
 * which costs as much as running a small query. This keeps the last statements by SQL
 * text (least recently used out first). A statement still iterating is never handed
 * out twice: a new one is prepared for that call. Used by the main connection and by
 * each thread of the SQLite read pool.
 */
export function statementCache(
  connection: BetterSqlite.Database,
  size = CACHE_SIZE,
): (sql: string) => BetterSqlite.Statement {
  const cache = new Map<string, BetterSqlite.Statement>();
  return (sql) => {
    const cached = cache.get(sql);
    if (cached !== undefined && !cached.busy) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = connection.prepare(sql);
    cache.set(sql, statement);
    if (cache.size > size) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return statement;
  };
}

/** The connection as Kysely's SQLite dialect wants it, preparing through `statementCache`. */
export function cachingStatements(
  connection: BetterSqlite.Database,
  size = CACHE_SIZE,
): SqliteDatabase {
  const prepare = statementCache(connection, size);
  return {
    close: () => {
      connection.close();
    },
    prepare,
  };
}
