import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { createDataQueries } from "../../../src/engines/storage/data/index.js";
import { sessionLimited } from "../../../src/engines/storage/data/data-dialect.js";
import { dataDialectFor } from "../../../src/engines/storage/data/data-dialect-for.js";
import { sqliteThreadedDataDialect } from "../../../src/engines/storage/data/sqlite-data-dialect.js";
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
        // Documented: SQLite's connection cannot interrupt a statement; without read
        // threads the option is ignored (see the read pool's test below).
        expect(database.statementTimeoutMs).toBeUndefined();
        expect(database.limitedReads).toBeUndefined();
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

describeEachBackend("data query time limit on SQLite's read threads", (fixture) => {
  beforeAll(async () => {
    await migrateDatabase(fixture.database(), spec);
  });

  it("stops a read past the limit with CAIRN_QUERY_TIMEOUT, then reads on", async () => {
    if (fixture.backend.name !== "sqlite") return;
    const database = await openDatabase(fixture.url(), { statementTimeoutMs: 100, readThreads: 1 });
    try {
      const data = createDataQueries(database, spec, { queryTimeoutMs: 100 });
      const reads = database.limitedReads;
      expect(reads).toBeDefined();
      if (reads === undefined) return;
      const dialect = sqliteThreadedDataDialect(reads);
      // Exponential backtracking in the thread's `regexp` function: it never ends alone.
      const slow = sql`SELECT ${`${"a".repeat(40)}!`} REGEXP ${"^(a+)+$"} AS hit`;
      const error = await dialect
        .withTimeout(database.db, 100, (db) => slow.execute(db))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "CAIRN_QUERY_TIMEOUT",
        status: 503,
        details: { queryTimeoutMs: 100 },
      });
      // The data queries read on the (replaced) thread; writes stay on the main connection.
      await expect(data.listPage("config", { limit: 1 })).resolves.toMatchObject({ rows: [] });
    } finally {
      await database.close();
    }
  });
});
