import { beforeEach, describe, expect, it } from "vitest";
import { admin } from "./support/http-project.js";
import { useFakeDataApp } from "./support/use-fake-data-app.js";

const served = useFakeDataApp();

beforeEach(() => {
  served.fake.calls.length = 0;
  served.fake.rows = [];
});

describe("exports", () => {
  it("streams RFC 4180 CSV with a header", async () => {
    served.fake.rows = [
      { number: "03000", name: 'The "Peak", north', elevation: 1.5, region: null },
      { number: "03001", name: "two\nlines", elevation: null, region: "West" },
    ];
    const response = await served.app.inject({ url: "/data/station.csv?order=-number&name__ne=x" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.body).toBe(
      'number,name,elevation,region\r\n03000,"The ""Peak"", north",1.5,\r\n03001,"two\nlines",,West\r\n',
    );
    expect(served.fake.last()).toEqual({
      method: "stream",
      model: "station",
      args: [{ filters: [{ path: "name__ne", value: "x" }], order: ["-number"] }],
    });
  });

  it("takes the CSV header from fields=, even with no rows", async () => {
    const response = await served.app.inject({
      url: "/data/station.csv?fields=number,region__name",
    });
    expect(response.body).toBe("number,region__name\r\n");
  });

  it("streams NDJSON with nested related paths", async () => {
    served.fake.rows = [
      { number: "03000", region__name: "North" },
      { number: "03001", region__name: null },
    ];
    const response = await served.app.inject({
      url: "/data/station.ndjson?fields=number,region__name",
    });
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
    const response = await served.app.inject({
      method: "POST",
      url: "/data/station",
      headers: json,
      payload: { number: "03009" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: 1, number: "03009" });
    expect(served.fake.last().args).toEqual([
      [{ number: "03009" }],
      { onConflict: "error", observe: expect.anything() as unknown },
    ]);
  });

  it("creates a batch from an array, answering {results}, with on_conflict=update", async () => {
    const response = await served.app.inject({
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
    expect(served.fake.last().args[1]).toMatchObject({ onConflict: "update" });
  });

  it("refuses bodies that are neither an object nor an array of objects", async () => {
    for (const payload of ["3", "[]", "[1]", '"x"']) {
      const response = await served.app.inject({
        method: "POST",
        url: "/data/station",
        headers: json,
        payload,
      });
      expect(response.statusCode, payload).toBe(400);
    }
    const badConflict = await served.app.inject({
      method: "POST",
      url: "/data/station?on_conflict=ignore",
      headers: json,
      payload: {},
    });
    expect(badConflict.statusCode).toBe(400);
    expect(served.fake.calls).toEqual([]);
  });

  it("patches by id and deletes with 204", async () => {
    const patched = await served.app.inject({
      method: "PATCH",
      url: "/data/station/5",
      headers: json,
      payload: { name: "New" },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toEqual({ id: 5, name: "New" });
    const removed = await served.app.inject({
      method: "DELETE",
      url: "/data/station/5",
      headers: admin,
    });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe("");
    expect(served.fake.last()).toEqual({ method: "removeById", model: "station", args: [5] });
  });
});
