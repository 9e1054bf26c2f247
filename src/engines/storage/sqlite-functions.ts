import type SqliteDatabase from "better-sqlite3";

/**
 * SQLite has the REGEXP operator but no function behind it; `x REGEXP p` calls
 * `regexp(p, x)`. Patterns are JavaScript regular expressions, compiled once each.
 * Registered on every connection: the main one and each thread of the read pool.
 */
export function registerRegexp(connection: SqliteDatabase.Database): void {
  const cache = new Map<string, RegExp>();
  connection.function(
    "regexp",
    { deterministic: true },
    (pattern: unknown, value: unknown): number | null => {
      if (typeof pattern !== "string") return null;
      if (typeof value !== "string" && typeof value !== "number") return null;
      const source = pattern;
      let regexp = cache.get(source);
      if (regexp === undefined) {
        regexp = new RegExp(source, "u");
        if (cache.size > 200) cache.clear();
        cache.set(source, regexp);
      }
      return regexp.test(typeof value === "string" ? value : value.toString()) ? 1 : 0;
    },
  );
}

/** How long a connection waits for a lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;
