import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDataQueries } from "../../src/engines/storage/data/index.js";
import { openDatabase, type Database } from "../../src/engines/storage/database.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { createApp } from "../../src/faces/http/index.js";
import type { TempTree } from "../support/temp-tree.js";
import { ADMIN_TOKEN, admin, createHttpProject, specRuntime } from "./support/http-project.js";

/** Backtracks exponentially on a long run of `a` that does not end the way it asks. */
const CATASTROPHIC = encodeURIComponent("^(a+)+$");
const LONG_A = `${"a".repeat(40)}!`;

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The query time limit on SQLite, through the app as served: the data API's reads run
 * on the read pool's threads (settings: CAIRN_QUERY_TIMEOUT_MS, CAIRN_ISOLATES), so a
 * read past the limit is stopped while the server goes on answering.
 */
describe("data API time limit on SQLite", () => {
  let project: TempTree;
  let database: Database;
  let app: FastifyInstance;
  let base: string;

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(base + path, { headers });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    return {
      status: response.status,
      body: type.startsWith("application/json") ? JSON.parse(text) : text,
    };
  };

  beforeAll(async () => {
    project = createHttpProject();
    const url = `sqlite:${join(project.dir, "data.db")}`;
    const runtime = await specRuntime(project.dir, {
      CAIRN_DATABASE_URL: url,
      CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
      CAIRN_QUERY_TIMEOUT_MS: "1000",
      CAIRN_ISOLATES: "2",
    });
    database = await openDatabase(url);
    await migrateDatabase(database, runtime.spec);
    const store = createRecordStore(database, runtime.spec);
    await store.saveMany("region", [{ key: { key: "North" }, values: {} }]);
    await store.saveMany(
      "station",
      Array.from({ length: 30 }, (_, i) => ({
        key: { key: `0${String(3000 + i)}` },
        values: { name: i % 3 === 0 ? LONG_A : `Station ${String(i)}`, region: "North" },
      })),
    );
    app = await createApp({ runtime, cairnVersion: "0.0.0-test", logLevel: false });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    project.remove();
  });

  it("stops a slow read with CAIRN_QUERY_TIMEOUT and answers other requests meanwhile", async () => {
    let slowSettled = false;
    const slow = get(`/data/station?name__regex=${CATASTROPHIC}`).finally(() => {
      slowSettled = true;
    });
    // Both answer while the slow read still runs on its thread.
    const [status, page] = await Promise.all([get("/status"), get("/data/station?limit=2")]);
    expect(slowSettled).toBe(false);
    expect(status.status).toBe(200);
    expect(page).toMatchObject({ status: 200, body: { results: [{}, {}] } });
    const answer = await slow;
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      error: { code: "CAIRN_QUERY_TIMEOUT", details: { queryTimeoutMs: 1000 } },
    });
  });

  it("replaces the stopped thread, so the next reads work on every thread", async () => {
    await get(`/data/station/count?name__regex=${CATASTROPHIC}`);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => get(`/data/station?limit=1&offset=${String(i)}`)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const count = await get("/data/station/count?name__startswith=Station");
    expect(count).toMatchObject({ status: 200, body: { count: 20 } });
  });

  it("streams exports through the read threads, and stops an export whose batch stalls", async () => {
    const csv = await get("/data/station.csv?fields=number&order=number");
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split("\r\n");
    expect(lines).toHaveLength(31);
    expect(lines.slice(0, 3)).toEqual(["number", "03000", "03001"]);
    const ndjson = await get("/data/station.ndjson?fields=number,region__name&limit=2");
    expect(String(ndjson.body)).toBe(
      '{"number":"03000","region":{"name":"North"}}\n{"number":"03001","region":{"name":"North"}}\n',
    );
    const stalled = await get(`/data/station.csv?name__regex=${CATASTROPHIC}`);
    expect(stalled.status).toBe(503);
    expect(stalled.body).toMatchObject({ error: { code: "CAIRN_QUERY_TIMEOUT" } });
  });

  it("writes on the main connection, and the read threads see them at once", async () => {
    const created = await fetch(`${base}/data/station`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ number: "09999", name: "Fresh" }),
    });
    expect(created.status).toBe(201);
    const read = await get("/data/station?number=09999");
    expect(read).toMatchObject({ status: 200, body: { results: [{ name: "Fresh" }] } });
  });

  it("answers a database error raised on a read thread as the main connection's path does", async () => {
    const runtime = await specRuntime(project.dir, { CAIRN_ADMIN_TOKEN: ADMIN_TOKEN });
    const onMain = await createApp({
      runtime,
      cairnVersion: "0.0.0-test",
      logLevel: false,
      dataQueries: createDataQueries(database, runtime.spec),
    });
    try {
      await sql`DROP TABLE tag`.execute(database.db);
      const threaded = await get("/data/tag");
      const main = await onMain.inject({ url: "/data/tag" });
      expect(threaded).toMatchObject({ status: 500, body: { error: { code: "CAIRN_INTERNAL" } } });
      expect(threaded.status).toBe(main.statusCode);
      expect(threaded.body).toEqual(main.json());
    } finally {
      await onMain.close();
    }
  });
});
