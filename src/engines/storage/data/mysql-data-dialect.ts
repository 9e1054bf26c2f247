import { CompiledQuery, sql, type Kysely } from "kysely";
import type { DynamicDatabase } from "../database.js";
import { queryTimeout, type DataDialect } from "./data-dialect.js";

/** MariaDB's ER_STATEMENT_TIMEOUT and MySQL's ER_QUERY_TIMEOUT. */
const TIMEOUT_ERRNOS = new Set([1969, 3024]);

const FLAVOURS = new WeakMap<Kysely<DynamicDatabase>, Promise<"mariadb" | "mysql">>();

/** MariaDB and MySQL name the limit differently; asked once per pool. */
function flavourOf(db: Kysely<DynamicDatabase>): Promise<"mariadb" | "mysql"> {
  let flavour = FLAVOURS.get(db);
  if (flavour === undefined) {
    flavour = sql<{ v: string }>`SELECT VERSION() AS v`
      .execute(db)
      .then((r) => (/mariadb/i.test(r.rows[0]?.v ?? "") ? "mariadb" : "mysql"));
    FLAVOURS.set(db, flavour);
  }
  return flavour;
}

interface ExplainRow {
  readonly rows?: unknown;
  readonly filtered?: unknown;
}

/**
 * The limit is a session variable on one pinned connection, set before the work and
 * reset after it: MariaDB's `max_statement_time` (seconds, any statement) or MySQL 8's
 * `max_execution_time` (milliseconds, SELECT only). Estimates are EXPLAIN's `rows` of
 * the outer query times its `filtered` share where the server reports one.
 */
export const mysqlDataDialect: DataDialect = {
  async withTimeout(db, ms, work) {
    const flavour = await flavourOf(db);
    const limit = Math.max(1, Math.ceil(ms));
    try {
      return await db.connection().execute(async (connection) => {
        if (flavour === "mariadb") {
          await sql`SET SESSION max_statement_time = ${limit / 1000}`.execute(connection);
        } else {
          await sql`SET SESSION max_execution_time = ${limit}`.execute(connection);
        }
        try {
          return await work(connection);
        } finally {
          if (flavour === "mariadb") {
            await sql`SET SESSION max_statement_time = DEFAULT`.execute(connection);
          } else {
            await sql`SET SESSION max_execution_time = DEFAULT`.execute(connection);
          }
        }
      });
    } catch (error) {
      if (mysqlDataDialect.isTimeout(error)) queryTimeout(ms, error);
      throw error;
    }
  },
  isTimeout: (error) => TIMEOUT_ERRNOS.has(Number((error as { errno?: unknown } | null)?.errno)),
  async estimateRows(db, query) {
    const compiled = query.compile();
    const result = await db.executeQuery<ExplainRow>(
      CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]),
    );
    const first = result.rows[0];
    if (first === undefined) return undefined;
    const rows = Number(first.rows);
    const filtered = first.filtered === undefined ? 100 : Number(first.filtered);
    if (!Number.isFinite(rows)) return undefined;
    return Math.round((rows * (Number.isFinite(filtered) ? filtered : 100)) / 100);
  },
};
