import BetterSqlite from "better-sqlite3";
import { expect, it } from "vitest";
import { cachingStatements } from "../../src/engines/storage/sqlite-statement-cache.js";

it("hands out the same statement for the same SQL, and a fresh one while it iterates", () => {
  const connection = new BetterSqlite(":memory:");
  const database = cachingStatements(connection, 2);
  const first = database.prepare("select 1 as one");
  expect(database.prepare("select 1 as one")).toBe(first);

  const rows = database.prepare("select value from json_each('[1,2,3]')");
  const iterator = rows.iterate([]);
  iterator.next();
  const meanwhile = database.prepare("select value from json_each('[1,2,3]')");
  expect(meanwhile).not.toBe(rows);
  expect(meanwhile.all([])).toHaveLength(3);
  iterator.return?.();
  database.close();
});

it("keeps at most its size, dropping the least recently used", () => {
  const connection = new BetterSqlite(":memory:");
  const database = cachingStatements(connection, 2);
  const a = database.prepare("select 1");
  database.prepare("select 2");
  database.prepare("select 1");
  database.prepare("select 3");
  expect(database.prepare("select 1")).toBe(a);
  database.close();
});
