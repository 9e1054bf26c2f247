import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { loadSettings } from "../../src/foundations/settings.js";

const dir = mkdtempSync(join(tmpdir(), "cairn-settings-"));
writeFileSync(join(dir, "cairn.yml"), "name: s\nversion: 1.0.0\n");
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const load = (env: Record<string, string>, cwd = dir) => loadSettings({ env, cwd });

it("defaults to a SQLite file in the project's .cairn/", () => {
  const settings = load({});
  expect(settings.projectDir).toBe(dir);
  expect(settings.databaseUrl).toBe(`sqlite:${join(dir, ".cairn", "cairn.db")}`);
  expect(settings.logLevel).toBe("info");
});

it("reads a relative SQLite path against the given directory", () => {
  expect(load({ CAIRN_DATABASE_URL: "sqlite:data/app.db" }).databaseUrl).toBe(
    `sqlite:${join(dir, "data", "app.db")}`,
  );
  expect(load({ CAIRN_DATABASE_URL: "postgres://u@h/db" }).databaseUrl).toBe("postgres://u@h/db");
});

it("refuses bad values, naming the setting", () => {
  expect(() => load({ CAIRN_LOG_LEVEL: "loud" })).toThrow(
    /CAIRN_LOG_LEVEL=loud is not a log level/,
  );
  expect(() => load({ CAIRN_ISOLATES: "0" })).toThrow(
    /CAIRN_ISOLATES=0 is not an integer of at least 1/,
  );
});

it("says how to create a project when there is none", () => {
  expect(() => load({}, tmpdir())).toThrow(/no cairn.yml found/);
});

it("reads the data API settings with their defaults", () => {
  const settings = load({});
  expect(settings.adminToken).toBeUndefined();
  expect(settings).toMatchObject({
    maxPageSize: 1000,
    maxFilterDepth: 8,
    queryTimeoutMs: 10000,
    apis: ["command", "data"],
  });
  expect(
    load({
      CAIRN_ADMIN_TOKEN: "tok",
      CAIRN_MAX_PAGE_SIZE: "200",
      CAIRN_MAX_FILTER_DEPTH: "3",
      CAIRN_QUERY_TIMEOUT_MS: "500",
      CAIRN_APIS: "data, data",
    }),
  ).toMatchObject({
    adminToken: "tok",
    maxPageSize: 200,
    maxFilterDepth: 3,
    queryTimeoutMs: 500,
    apis: ["data"],
  });
});

it("refuses bad data API settings", () => {
  expect(() => load({ CAIRN_MAX_PAGE_SIZE: "0" })).toThrow(/CAIRN_MAX_PAGE_SIZE=0/);
  expect(() => load({ CAIRN_QUERY_TIMEOUT_MS: "soon" })).toThrow(/CAIRN_QUERY_TIMEOUT_MS=soon/);
  expect(() => load({ CAIRN_APIS: "data,graphql" })).toThrow(/names no API 'graphql'/);
  expect(() => load({ CAIRN_APIS: "," })).toThrow(/CAIRN_APIS=,/);
  expect(() => load({ CAIRN_ADMIN_TOKEN: "a b" })).toThrow(/white space/);
});
