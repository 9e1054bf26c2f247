import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import {
  ReadTimeout,
  SqliteReadPool,
  STREAM_AHEAD,
} from "../../../src/engines/storage/sqlite-read-pool/index.js";

/** Backtracks exponentially on a long run of `a` that does not end the way it asks. */
const CATASTROPHIC = "^(a+)+$";
const LONG_A = `${"a".repeat(40)}!`;

/** 100,000 numbers from a recursive CTE: rows without a table. */
const NUMBERS = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
  SELECT i FROM n`;

describe("SQLite read pool", () => {
  let dir: string;
  let database: Database;
  let pool: SqliteReadPool;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cairn-read-pool-"));
    const file = join(dir, "pool.db");
    database = await openDatabase(`sqlite:${file}`);
    await sql`CREATE TABLE word (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`.execute(database.db);
    await sql`INSERT INTO word (text) VALUES ('alpha'), ('beta'), (${LONG_A})`.execute(database.db);
    pool = new SqliteReadPool(file, 2);
  });
  afterAll(async () => {
    await pool.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads what the main connection wrote, with the regexp function registered", async () => {
    const result = await pool.query(
      "SELECT text FROM word WHERE text REGEXP ? ORDER BY id",
      ["ph|^b"],
      5000,
    );
    expect(result.rows).toEqual([{ text: "alpha" }, { text: "beta" }]);
  });

  it("returns every kind of value as the main connection does", async () => {
    const query = `SELECT 'text' AS t, 42 AS i, 1.5 AS f, NULL AS n, x'00ff10' AS b,
      -0.0 AS z, 9e999 AS inf, 9007199254740993 AS big`;
    const onMain = await sql.raw<Record<string, unknown>>(query).execute(database.db);
    const inThread = await pool.query(query, [], 5000);
    expect(inThread.rows).toEqual(onMain.rows);
    expect(Buffer.isBuffer(inThread.rows[0]?.b)).toBe(true);
    expect(Object.is(inThread.rows[0]?.z, -0)).toBe(Object.is(onMain.rows[0]?.z, -0));
    // Plain rows cross as JSON text and come back equal, parameters included.
    const plain = await pool.query("SELECT ? AS a, ? AS b, ? AS c", ["x\u2028y", 7, null], 5000);
    expect(plain.rows).toEqual([{ a: "x\u2028y", b: 7, c: null }]);
    const bytes = await pool.query("SELECT hex(?) AS h", [Buffer.from([1, 2, 255])], 5000);
    expect(bytes.rows).toEqual([{ h: "0102FF" }]);
  });

  it("stops a read past its limit by replacing its thread, and keeps serving", async () => {
    const slow = pool
      .query("SELECT count(*) AS n FROM word WHERE text REGEXP ?", [CATASTROPHIC], 200)
      .catch((error: unknown) => error);
    // The other thread answers while the first one is stuck.
    await expect(pool.query("SELECT 1 AS one", [], 5000)).resolves.toMatchObject({
      rows: [{ one: 1 }],
    });
    const error = await slow;
    expect(error).toBeInstanceOf(ReadTimeout);
    // Both threads work again: the terminated one was replaced.
    const after = await Promise.all([
      pool.query("SELECT 2 AS two", [], 5000),
      pool.query("SELECT 3 AS three", [], 5000),
    ]);
    expect(after.map((r) => r.rows)).toEqual([[{ two: 2 }], [{ three: 3 }]]);
  });

  it("answers errors raised in a thread as the main connection raises them", async () => {
    const inThread = await pool.query("SELECT * FROM missing", [], 5000).catch((e: unknown) => e);
    const onMain = await sql`SELECT * FROM missing`.execute(database.db).catch((e: unknown) => e);
    expect(inThread).toBeInstanceOf(SqliteDatabase.SqliteError);
    expect(inThread).toMatchObject({
      code: (onMain as { code: string }).code,
      message: (onMain as Error).message,
    });
    // The connection is read-only: writes go to the main connection.
    const write = await pool
      .query("INSERT INTO word (text) VALUES ('gamma')", [], 5000)
      .catch((e: unknown) => e);
    expect(write).toMatchObject({ name: "SqliteError", code: "SQLITE_READONLY" });
    // A bad value handed to a function the thread registered.
    const bad = await pool
      .query("SELECT regexp(?, text) FROM word", ["("], 5000)
      .catch((e: unknown) => e);
    const badOnMain = await sql`SELECT regexp(${"("}, text) FROM word`
      .execute(database.db)
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SyntaxError);
    expect((bad as Error).message).toBe((badOnMain as Error).message);
  });

  it("streams in batches, never more than STREAM_AHEAD batches ahead of the consumer", async () => {
    let rows = 0;
    let previous = 0;
    let mostBuffered = 0;
    for await (const batch of pool.stream(NUMBERS, [], 1000, 5000)) {
      // A slow consumer: the thread would run far ahead if nothing held it back.
      await new Promise((resolve) => setTimeout(resolve, 2));
      mostBuffered = Math.max(mostBuffered, pool.bufferedBatches);
      for (const row of batch) {
        expect(row.i).toBe(previous + 1);
        previous = row.i as number;
      }
      rows += batch.length;
    }
    expect(rows).toBe(100_000);
    expect(mostBuffered).toBeLessThanOrEqual(STREAM_AHEAD);
    expect(pool.bufferedBatches).toBe(0);
  });

  it("applies the limit to each batch, so a long stream of quick batches goes on", async () => {
    let batches = 0;
    for await (const batch of pool.stream(NUMBERS, [], 5000, 100)) {
      expect(batch.length).toBe(5000);
      batches++;
      // The consumer takes longer in total than the limit; the thread waits meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(batches).toBe(20);
  });

  it("stops a stream whose batch stalls, and frees its thread when a consumer leaves early", async () => {
    const stalled = async () => {
      const seen: unknown[] = [];
      const query = `SELECT text, text REGEXP ? AS hit FROM word ORDER BY id`;
      for await (const batch of pool.stream(query, [CATASTROPHIC], 1, 200)) seen.push(...batch);
      return seen;
    };
    await expect(stalled()).rejects.toBeInstanceOf(ReadTimeout);
    for await (const batch of pool.stream(NUMBERS, [], 10, 5000)) {
      expect(batch).toHaveLength(10);
      break;
    }
    const again = await Promise.all([
      pool.query("SELECT 4 AS four", [], 5000),
      pool.query("SELECT 5 AS five", [], 5000),
    ]);
    expect(again.map((r) => r.rows)).toEqual([[{ four: 4 }], [{ five: 5 }]]);
    expect(pool.bufferedBatches).toBe(0);
  });

  it("fails reads when the file cannot be opened, then reads once it can", async () => {
    const file = join(dir, "later.db");
    const missing = new SqliteReadPool(file, 1);
    try {
      await expect(missing.query("SELECT 1", [], 5000)).rejects.toMatchObject({
        code: "SQLITE_CANTOPEN",
      });
      new SqliteDatabase(file).close();
      await expect(missing.query("SELECT 1 AS one", [], 5000)).resolves.toMatchObject({
        rows: [{ one: 1 }],
      });
    } finally {
      await missing.close();
    }
  });
});
