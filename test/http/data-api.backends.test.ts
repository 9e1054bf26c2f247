import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDataQueries } from "../../src/engines/storage/data/index.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { createApp } from "../../src/faces/http/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import type { TempTree } from "../support/temp-tree.js";
import { ADMIN_TOKEN, admin, createHttpProject, specRuntime } from "./support/http-project.js";

interface ListAnswer {
  results: Record<string, unknown>[];
  count: number | null;
  next: string | null;
}

const json = { ...admin, "content-type": "application/json" };

describeEachBackend("data API over HTTP", (fixture) => {
  let project: TempTree;
  let app: FastifyInstance;

  beforeAll(async () => {
    project = createHttpProject();
    const runtime = await specRuntime(project.dir, {
      CAIRN_DATABASE_URL: fixture.url(),
      CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
    });
    await migrateDatabase(fixture.database(), runtime.spec);
    const store = createRecordStore(fixture.database(), runtime.spec);
    await store.saveMany(
      "region",
      ["North", "South"].map((name) => ({ key: { key: name }, values: {} })),
    );
    await store.saveMany(
      "tag",
      ["rain", "sun"].map((name) => ({ key: { key: name }, values: {} })),
    );
    await store.saveMany("station", [
      { key: { key: "03000" }, values: { name: "Alpha", elevation: 100, region: "North" } },
      { key: { key: "03001" }, values: { name: 'Be, "ta"', elevation: 200, region: "South" } },
      { key: { key: "03002" }, values: { name: "Gamma", elevation: null, region: null } },
    ]);
    const days = ["2024-01-01", "2024-02-01", "2024-03-01"];
    await store.saveMany(
      "observation",
      ["03000", "03001"].flatMap((station, s) =>
        days.map((day, d) => ({
          key: { key: day, scope: { station } },
          values: {
            temp: s * 10 + d,
            rain: d === 1 ? "1.25" : null,
            tags: d === 0 ? ["rain"] : [],
          },
        })),
      ),
    );
    app = await createApp({
      runtime,
      cairnVersion: "0.0.0-test",
      logLevel: false,
      dataQueries: createDataQueries(fixture.database(), runtime.spec),
    });
  });
  afterAll(async () => {
    await app.close();
    project.remove();
  });

  const get = async (url: string, headers: Record<string, string> = admin) =>
    app.inject({ url, headers });

  it("lists with filters across relations, nested fields, counts and next pages", async () => {
    const first = await get(
      "/data/observation?station__region__name=South&fields=day,temp,station__name&order=day&limit=2",
    );
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json<ListAnswer>();
    expect(page.count).toBe(3);
    expect(page.results).toEqual([
      { day: "2024-01-01", temp: 10, station: { name: 'Be, "ta"' } },
      { day: "2024-02-01", temp: 11, station: { name: 'Be, "ta"' } },
    ]);
    expect(page.next).toMatch(/^http:\/\/localhost\/data\/observation\?.*(cursor|offset)=/);
    const next = await get(new URL(page.next ?? "").pathname + new URL(page.next ?? "").search);
    const rest = next.json<ListAnswer>();
    expect(rest.results.map((r) => r.day)).toEqual(["2024-03-01"]);
    expect(rest.next).toBeNull();
  });

  it("reads public models without a token and others only with one", async () => {
    const stations = await get("/data/station?order=number&count=none", {});
    expect(stations.json<ListAnswer>()).toMatchObject({ count: null, next: null });
    expect(stations.json<ListAnswer>().results[0]).toMatchObject({
      number: "03000",
      region: "North",
    });
    expect((await get("/data/observation", {})).statusCode).toBe(401);
  });

  it("gets by id, counts, lists values and aggregates", async () => {
    const list = (await get("/data/station?number=03001")).json<ListAnswer>();
    const id = Number(list.results[0]?.id);
    const one = await get(`/data/station/${String(id)}?fields=name,region__name`);
    expect(one.json()).toEqual({ name: 'Be, "ta"', region: { name: "South" } });
    expect((await get("/data/station/999999")).json()).toMatchObject({
      error: { code: "CAIRN_RECORD_NOT_FOUND" },
    });
    expect((await get("/data/observation/count?temp__gte=2")).json()).toEqual({ count: 4 });
    const values = await get("/data/observation/values/station__name");
    expect(values.json<{ results: unknown[] }>().results).toHaveLength(2);
    const aggregate = await get(
      "/data/observation/aggregate?group=station&agg=count:*,max:temp&order=station",
    );
    expect(aggregate.statusCode, aggregate.body).toBe(200);
    expect(aggregate.json<{ results: Record<string, unknown>[] }>().results).toEqual([
      { station: "03000", count: 3, max_temp: 2 },
      { station: "03001", count: 3, max_temp: 12 },
    ]);
  });

  it("streams CSV and NDJSON exports of every matching row", async () => {
    const csv = await get("/data/station.csv?fields=number,name,region&order=number", {});
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toBe(
      'number,name,region\r\n03000,Alpha,North\r\n03001,"Be, ""ta""",South\r\n03002,Gamma,\r\n',
    );
    const ndjson = await get("/data/observation.ndjson?fields=day,station__number&temp__lt=2");
    expect(
      ndjson.body
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { day: "2024-01-01", station: { number: "03000" } },
      { day: "2024-02-01", station: { number: "03000" } },
    ]);
  });

  it("answers bad filters with 400 naming the field, and unknown models with 404", async () => {
    const bad = await get("/data/station?nmae=x", {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "CAIRN_QUERY_UNKNOWN_FIELD" } });
    expect(bad.body).toContain("name");
    expect((await get("/data/stations", {})).statusCode).toBe(404);
  });

  it("writes: creates, refuses a conflicting batch whole, updates and removes", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/data/region",
      headers: json,
      payload: { name: "West" },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: "West" });
    const batch = await app.inject({
      method: "POST",
      url: "/data/region",
      headers: json,
      payload: [{ name: "East" }, { name: "North" }],
    });
    expect(batch.statusCode, batch.body).toBe(409);
    expect((await get("/data/region/count?name=East")).json()).toEqual({ count: 0 });
    const upsert = await app.inject({
      method: "POST",
      url: "/data/region?on_conflict=update",
      headers: json,
      payload: [{ name: "East" }, { name: "North" }],
    });
    expect(upsert.statusCode, upsert.body).toBe(201);
    expect(upsert.json<{ results: unknown[] }>().results).toHaveLength(2);
    const id = created.json<{ id: number }>().id;
    const patched = await app.inject({
      method: "PATCH",
      url: `/data/region/${String(id)}`,
      headers: json,
      payload: { name: "Far West" },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ id, name: "Far West" });
    const invalid = await app.inject({
      method: "PATCH",
      url: `/data/region/${String(id)}`,
      headers: json,
      payload: { name: "x".repeat(50) },
    });
    expect(invalid.statusCode).toBe(400);
    const removed = await app.inject({
      method: "DELETE",
      url: `/data/region/${String(id)}`,
      headers: admin,
    });
    expect(removed.statusCode).toBe(204);
    const again = await app.inject({
      method: "DELETE",
      url: `/data/region/${String(id)}`,
      headers: admin,
    });
    expect(again.statusCode).toBe(404);
    const unauthorized = await app.inject({
      method: "POST",
      url: "/data/region",
      headers: { "content-type": "application/json" },
      payload: { name: "Nope" },
    });
    expect(unauthorized.statusCode).toBe(401);
  });
});
