import { afterAll, beforeAll, expect, it } from "vitest";
import { CompiledPages } from "../../../src/engines/storage/data/compiled-pages.js";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import { adapterFor } from "../../../src/engines/storage/query/adapter-for.js";
import { findModel } from "../../../src/engines/storage/query/resolve-path.js";
import { NO_CIPHER } from "../../../src/engines/storage/records/field-cipher.js";
import type { StoreContext } from "../../../src/engines/storage/records/store-context.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import { FIXTURE_DIR } from "../records/use-record-store.js";

let database: Database;
let context: StoreContext;

beforeAll(async () => {
  database = await openDatabase("sqlite::memory:");
  context = {
    db: database.db,
    adapter: adapterFor("sqlite"),
    spec: await loadProjectSpec(FIXTURE_DIR),
    cipher: NO_CIPHER,
  };
});
afterAll(async () => {
  await database.close();
});

it("compiles a request once and answers the same request from the cache", () => {
  const pages = new CompiledPages();
  const model = findModel(context.spec, "observation");
  const ask = (value: unknown, limit = 51) =>
    pages.compile(context, model, { filters: [{ path: "temp__gt", value }], limit }, undefined);
  const first = ask("3");
  expect(ask("3")).toBe(first);
  // Another value or page size is another request, with its own parameters.
  const other = ask("4");
  expect(other).not.toBe(first);
  expect(other.compiled.sql).toBe(first.compiled.sql);
  expect(other.compiled.parameters).not.toEqual(first.compiled.parameters);
  expect(ask("3", 11)).not.toBe(first);
});

it("keeps the most recently used requests only", () => {
  const pages = new CompiledPages(2);
  const model = findModel(context.spec, "observation");
  const ask = (limit: number) => pages.compile(context, model, { limit }, undefined);
  const one = ask(1);
  const two = ask(2);
  expect(ask(1)).toBe(one);
  ask(3);
  expect(ask(1)).toBe(one);
  expect(ask(2)).not.toBe(two);
});
