import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TempTree } from "../support/temp-tree.js";
import { FakeDataQueries } from "./support/fake-data-queries.js";
import { admin, createHttpProject, dataApp } from "./support/http-project.js";

let project: TempTree;
let app: FastifyInstance;
let fake: FakeDataQueries;

beforeAll(async () => {
  project = createHttpProject();
  fake = new FakeDataQueries();
  app = await dataApp(project.dir, fake);
});
afterAll(async () => {
  await app.close();
  project.remove();
});
beforeEach(() => {
  fake.calls.length = 0;
  fake.rows = [];
});

describe("exports", () => {
  it("streams RFC 4180 CSV with a header", async () => {
    fake.rows = [
      { number: "03000", name: 'The "Peak", north', elevation: 1.5, region: null },
      { number: "03001", name: "two\nlines", elevation: null, region: "West" },
    ];
    const response = await app.inject({ url: "/data/station.csv?order=-number&name__ne=x" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.body).toBe(
      'number,name,elevation,region\r\n03000,"The ""Peak"", north",1.5,\r\n03001,"two\nlines",,West\r\n',
    );
    expect(fake.last()).toEqual({
      method: "stream",
      model: "station",
      args: [{ filters: [{ path: "name__ne", value: "x" }], order: ["-number"] }],
    });
  });

  it("takes the CSV header from fields=, even with no rows", async () => {
    const response = await app.inject({ url: "/data/station.csv?fields=number,region__name" });
    expect(response.body).toBe("number,region__name\r\n");
  });

  it("streams NDJSON with nested related paths", async () => {
    fake.rows = [
      { number: "03000", region__name: "North" },
      { number: "03001", region__name: null },
    ];
    const response = await app.inject({ url: "/data/station.ndjson?fields=number,region__name" });
    expect(response.headers["content-type"]).toBe("application/x-ndjson; charset=utf-8");
    expect(response.body.split("\n")).toEqual([
      '{"number":"03000","region":{"name":"North"}}',
      '{"number":"03001","region":null}',
      "",
    ]);
  });
});

describe("writes", () => {
  const json = { ...admin, "content-type": "application/json" };

  it("creates one row from an object, answering the stored row with 201", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/data/station",
      headers: json,
      payload: { number: "03009" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: 1, number: "03009" });
    expect(fake.last().args).toEqual([[{ number: "03009" }], { onConflict: "error" }]);
  });

  it("creates a batch from an array, answering {results}, with on_conflict=update", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/data/station?on_conflict=update",
      headers: json,
      payload: [{ number: "a" }, { number: "b" }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      results: [
        { id: 1, number: "a" },
        { id: 2, number: "b" },
      ],
    });
    expect(fake.last().args[1]).toEqual({ onConflict: "update" });
  });

  it("refuses bodies that are neither an object nor an array of objects", async () => {
    for (const payload of ["3", "[]", "[1]", '"x"']) {
      const response = await app.inject({
        method: "POST",
        url: "/data/station",
        headers: json,
        payload,
      });
      expect(response.statusCode, payload).toBe(400);
    }
    const badConflict = await app.inject({
      method: "POST",
      url: "/data/station?on_conflict=ignore",
      headers: json,
      payload: {},
    });
    expect(badConflict.statusCode).toBe(400);
    expect(fake.calls).toEqual([]);
  });

  it("patches by id and deletes with 204", async () => {
    const patched = await app.inject({
      method: "PATCH",
      url: "/data/station/5",
      headers: json,
      payload: { name: "New" },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toEqual({ id: 5, name: "New" });
    const removed = await app.inject({ method: "DELETE", url: "/data/station/5", headers: admin });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe("");
    expect(fake.last()).toEqual({ method: "removeById", model: "station", args: [5] });
  });
});
