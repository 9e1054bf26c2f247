import type { FastifyInstance } from "fastify";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/engines/storage/database.js";
import { createDataQueries } from "../../src/engines/storage/data/index.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { admin, dataApp } from "../http/support/http-project.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";
import { ACCOUNT_VALUES, ENCRYPTED_MODELS, cipherOf, newKey } from "./encrypted-project.js";

let tree: TempTree;
let database: Database;
let app: FastifyInstance;
const KEYS = newKey("k1");
const json = { ...admin, "content-type": "application/json" };

beforeAll(async () => {
  tree = writeTempTree("data-enc", {
    "cairn.yml": "name: vault\nversion: 1.0.0\n",
    "spec/models.yml": ENCRYPTED_MODELS,
    "spec/commands.yml": [
      "commands:",
      "  login:",
      "    handler: handlers/login.ts#login",
      "    parameters:",
      "      user: {type: string}",
      "      token: {type: secret}",
    ].join("\n"),
    "handlers/login.ts": "export function login() {}\n",
  });
  const spec = await loadProjectSpec(tree.dir);
  database = await openDatabase(`sqlite:${join(tree.dir, "data.db")}`);
  await migrateDatabase(database, spec);
  const cipher = cipherOf(KEYS);
  await createRecordStore(database, spec, cipher).save(
    "account",
    { key: "a" },
    { ...ACCOUNT_VALUES },
  );
  app = await dataApp(tree.dir, createDataQueries(database, spec, undefined, cipher));
});
afterAll(async () => {
  await app.close();
  await database.close();
  tree.remove();
});

const get = (url: string) => app.inject({ url, headers: admin });

it("answers plain values, and finds a searchable field by equality", async () => {
  const one = await get("/data/account/1");
  expect(one.statusCode, one.body).toBe(200);
  expect(one.json()).toMatchObject(ACCOUNT_VALUES);
  const found = await get("/data/account?secret=narwhal-secret&fields=name,secret");
  expect(found.json()).toMatchObject({ results: [{ name: "a", secret: "narwhal-secret" }] });
  expect((await get("/data/account?secret=other")).json()).toMatchObject({ results: [] });
});

it("answers 400 CAIRN_QUERY_ENCRYPTED_FIELD for what ciphertext cannot answer", async () => {
  for (const url of [
    "/data/account?secret__icontains=nar",
    "/data/account?notes=zebra",
    "/data/account?order=ratio",
    "/data/account/values/notes",
    "/data/account/aggregate?group=day&agg=count:*",
    "/data/account/aggregate?agg=sum:count",
  ]) {
    const response = await get(url);
    expect(response.statusCode, url).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code, url).toBe(
      "CAIRN_QUERY_ENCRYPTED_FIELD",
    );
  }
});

it("seals what a POST and a PATCH write", async () => {
  const created = await app.inject({
    method: "POST",
    url: "/data/account",
    headers: json,
    payload: { name: "b", secret: "posted-secret", notes: "posted notes" },
  });
  expect(created.statusCode, created.body).toBe(201);
  const patched = await app.inject({
    method: "PATCH",
    url: `/data/account/${String(created.json<{ id: number }>().id)}`,
    headers: json,
    payload: { notes: "patched notes" },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  expect(patched.json()).toMatchObject({ secret: "posted-secret", notes: "patched notes" });
  const raw = await sql<{ secret: string; notes: string }>`
    SELECT secret, notes FROM account WHERE name = 'b'`.execute(database.db);
  expect(raw.rows[0]?.secret).toMatch(/^k1:/);
  expect(raw.rows[0]?.notes).toMatch(/^k1:/);
  expect(JSON.stringify(raw.rows)).not.toMatch(/patched|posted/);
});

it("documents only equality for searchable fields, and no filter for the others", async () => {
  const document = (await get("/openapi.json")).json<{
    paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
  }>();
  const names = (document.paths["/data/account"]?.get?.parameters ?? []).map((p) => p.name);
  expect(names).toContain("secret");
  expect(names).toContain("plain__icontains");
  expect(names.filter((n) => /^(secret__|notes|ratio)/.test(n))).toEqual([]);
});

it("refuses a schedule's secret value written through the data API, storing nothing", async () => {
  const schedule = {
    name: "login-hourly",
    command: "login",
    parameters: { user: "ada", token: "data-api-secret" },
    expression: "every 1h",
    timezone: "UTC",
    anchor: "2030-01-01T00:00:00Z",
  };
  const created = await app.inject({
    method: "POST",
    url: "/data/schedule",
    headers: json,
    payload: schedule,
  });
  expect(created.statusCode, created.body).toBe(400);
  expect(created.json<{ error: { code: string; message: string } }>().error).toMatchObject({
    code: "CAIRN_RECORD_INVALID",
    message: expect.stringContaining("'token'") as unknown,
  });
  const shown = await app.inject({
    method: "POST",
    url: "/data/schedule",
    headers: json,
    payload: { ...schedule, parameters: { user: "ada", token: "***" } },
  });
  expect(shown.statusCode, shown.body).toBe(201);
  const patched = await app.inject({
    method: "PATCH",
    url: `/data/schedule/${String(shown.json<{ id: number }>().id)}`,
    headers: json,
    payload: { parameters: { user: "ada", token: "data-api-secret" } },
  });
  expect(patched.statusCode, patched.body).toBe(400);
  const rows = await sql`SELECT * FROM schedule`.execute(database.db);
  expect(JSON.stringify(rows.rows)).not.toContain("data-api-secret");
});
