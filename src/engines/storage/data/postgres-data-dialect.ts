import { CompiledQuery, sql } from "kysely";
import { queryTimeout, type DataDialect } from "./data-dialect.js";

/** PostgreSQL's query_canceled, which statement_timeout raises. */
const QUERY_CANCELED = "57014";

interface ExplainRow {
  readonly "QUERY PLAN"?: readonly { readonly Plan?: { readonly "Plan Rows"?: unknown } }[];
}

/**
 * The limit is `statement_timeout` set local to a read transaction (set_config with
 * is_local), so it takes a bound value and ends with the transaction: no pooled
 * connection keeps it. Estimates are the top plan node's rows from EXPLAIN (FORMAT JSON).
 */
export const postgresDataDialect: DataDialect = {
  async withTimeout(db, ms, work) {
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('statement_timeout', ${String(Math.max(1, Math.ceil(ms)))}, true)`.execute(
          trx,
        );
        return work(trx);
      });
    } catch (error) {
      if (postgresDataDialect.isTimeout(error)) queryTimeout(ms, error);
      throw error;
    }
  },
  isTimeout: (error) => (error as { code?: unknown } | null)?.code === QUERY_CANCELED,
  async estimateRows(db, query) {
    const compiled = query.compile();
    const result = await db.executeQuery<ExplainRow>(
      CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]),
    );
    const rows = result.rows[0]?.["QUERY PLAN"]?.[0]?.Plan?.["Plan Rows"];
    return typeof rows === "number" ? Math.round(rows) : undefined;
  },
};
