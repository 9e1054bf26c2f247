import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createDataQueries } from "../../../src/engines/storage/data/index.js";
import { sessionLimited } from "../../../src/engines/storage/data/data-dialect.js";
import { dataDialectFor } from "../../../src/engines/storage/data/data-dialect-for.js";
import { openDatabase } from "../../../src/engines/storage/database.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadProjectSpecSync } from "../../../src/spec/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";

describeEachBackend("data query time limit", (fixture) => {
  it("stops a statement past the limit with CAIRN_QUERY_TIMEOUT, then forgets the limit", async () => {
    const database = fixture.database();
    const dialect = dataDialectFor(database.dialect);
    if (database.dialect === "sqlite") {
      // Documented: SQLite cannot interrupt a statement, so the limit is not enforced.
      const result = await dialect.withTimeout(database.db, 1, (db) =>
        sql<{ one: number }>`SELECT 1 AS one`.execute(db),
      );
      expect(result.rows).toEqual([{ one: 1 }]);
      return;
    }
    const sleep =
      database.dialect === "postgres" ? sql`SELECT pg_sleep(2)` : sql`SELECT SLEEP(2) AS slept`;
    const started = Date.now();
    const error = await dialect
      .withTimeout(database.db, 100, (db) => sleep.execute(db))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CAIRN_QUERY_TIMEOUT", status: 503 });
    expect(Date.now() - started).toBeLessThan(1500);
    // The pooled connection that ran it (reused: nothing else is running) has no limit left.
    const pause =
      database.dialect === "postgres" ? sql`SELECT pg_sleep(0.2)` : sql`SELECT SLEEP(0.2) AS s`;
    await pause.execute(database.db);
    await pause.execute(database.db);
  });
});

/** The example project's spec; the test reads its (empty) config table. */
const spec = loadProjectSpecSync(new URL("../../../examples/weather", import.meta.url).pathname);

describeEachBackend("data query time limit set on the pool's connections", (fixture) => {
  beforeAll(async () => {
    await migrateDatabase(fixture.database(), spec);
  });

  it("stops a statement past the limit with CAIRN_QUERY_TIMEOUT, with no wrapper per read", async () => {
    const database = await openDatabase(fixture.url(), { statementTimeoutMs: 100 });
    try {
      const data = createDataQueries(database, spec, { queryTimeoutMs: 100 });
      if (database.dialect === "sqlite") {
        // Documented: SQLite cannot interrupt a statement; the option is ignored.
        expect(database.statementTimeoutMs).toBeUndefined();
        return;
      }
      expect(database.statementTimeoutMs).toBe(100);
      const dialect = sessionLimited(dataDialectFor(database.dialect), 100);
      const sleep =
        database.dialect === "postgres" ? sql`SELECT pg_sleep(2)` : sql`SELECT SLEEP(2) AS slept`;
      const started = Date.now();
      const error = await dialect
        .withTimeout(database.db, 100, (db) => sleep.execute(db))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "CAIRN_QUERY_TIMEOUT", status: 503 });
      expect(Date.now() - started).toBeLessThan(1500);
      // Ordinary reads through the data queries run as usual under the limit.
      await expect(data.listPage("config", { limit: 1 })).resolves.toMatchObject({ rows: [] });
    } finally {
      await database.close();
    }
  });
});
