import { beforeEach, describe, expect, it } from "vitest";
import { admin } from "./support/http-project.js";
import { useFakeDataApp } from "./support/use-fake-data-app.js";

const served = useFakeDataApp();

beforeEach(() => {
  served.fake.calls.length = 0;
  served.fake.page = { rows: [], count: 0, more: false };
});

describe("GET /data/<model> parsing", () => {
  it("passes filters (repeated keys too), filter, order, fields, paging and count through", async () => {
    const response = await served.app.inject({
      url:
        "/data/station?elevation__gt=100&name__icontains=a&name__icontains=b" +
        "&filter=or(a=1,b=2)&order=-name,number:nullslast&fields=name,region__name" +
        "&limit=10&offset=20&count=estimate",
    });
    expect(response.statusCode).toBe(200);
    expect(served.fake.last()).toEqual({
      method: "listPage",
      model: "station",
      args: [
        {
          filters: [
            { path: "elevation__gt", value: "100" },
            { path: "name__icontains", value: "a" },
            { path: "name__icontains", value: "b" },
          ],
          filter: "or(a=1,b=2)",
          order: ["-name", "number:nullslast"],
          fields: ["name", "region__name"],
          limit: 10,
          offset: 20,
          count: "estimate",
        },
      ],
    });
  });

  it("defaults the limit to 50 and sends nothing else", async () => {
    await served.app.inject({ url: "/data/station" });
    expect(served.fake.last().args).toEqual([{ filters: [], limit: 50 }]);
  });

  it("keeps the cursor as given", async () => {
    await served.app.inject({ url: "/data/station?cursor=abc.def" });
    expect(served.fake.last().args[0]).toMatchObject({ cursor: "abc.def" });
  });

  it("refuses a limit over CAIRN_MAX_PAGE_SIZE, a bad count and a non-integer offset", async () => {
    for (const query of [
      "limit=1001",
      "limit=ten",
      "count=maybe",
      "offset=-1",
      "order=a&order=b",
    ]) {
      const response = await served.app.inject({ url: `/data/station?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe("CAIRN_REQUEST_INVALID");
    }
    expect(served.fake.calls).toEqual([]);
  });
});

describe("GET /data/<model> answers", () => {
  it("nests related paths and keeps relation keys", async () => {
    served.fake.page = {
      rows: [
        { number: "03000", region: "North", region__name: "North" },
        { number: "03001", region: null },
      ],
      count: 2,
      more: false,
    };
    const response = await served.app.inject({
      url: "/data/station?fields=number,region,region__name",
    });
    expect(response.json()).toEqual({
      results: [
        { number: "03000", region: { name: "North" } },
        { number: "03001", region: null },
      ],
      count: 2,
      next: null,
    });
  });

  it("nests two levels deep and leaves non-relation keys flat", async () => {
    served.fake.page = {
      rows: [{ day: "2024-01-01", station__name: "A", station__region__name: "North" }],
      count: null,
      more: false,
    };
    const response = await served.app.inject({
      url: "/data/observation?fields=day,station__name,station__region__name&count=none",
      headers: admin,
    });
    expect(response.json<{ results: unknown[] }>().results).toEqual([
      { day: "2024-01-01", station: { name: "A", region: { name: "North" } } },
    ]);
  });

  it("links the next page by cursor when the store gives one", async () => {
    served.fake.page = { rows: [{ id: 1 }], count: 9, more: true, nextCursor: "c2" };
    const response = await served.app.inject({
      url: "/data/station?limit=1&name__startswith=S",
      headers: { host: "api.example.test:8080" },
    });
    expect(response.json<{ next: string }>().next).toBe(
      "http://api.example.test:8080/data/station?limit=1&name__startswith=S&cursor=c2",
    );
  });

  it("links the next page by offset otherwise, and ends with null", async () => {
    served.fake.page = { rows: [{ id: 1 }, { id: 2 }], count: 9, more: true };
    const more = await served.app.inject({ url: "/data/station?limit=2&offset=4&order=name" });
    expect(more.json<{ next: string }>().next).toBe(
      "http://localhost/data/station?limit=2&offset=6&order=name",
    );
    served.fake.page = { rows: [{ id: 1 }], count: 1, more: false };
    const last = await served.app.inject({ url: "/data/station?limit=2" });
    expect(last.json<{ next: null }>().next).toBeNull();
  });

  it("gives an empty page (limit=0) no next page, which would be itself", async () => {
    served.fake.page = { rows: [], count: 9, more: true };
    const empty = await served.app.inject({ url: "/data/station?limit=0&count=exact" });
    expect(empty.json()).toEqual({ results: [], count: 9, next: null });
  });
});

describe("other reads", () => {
  it("gets a row by id with fields", async () => {
    served.fake.rows = [{ id: 7, number: "03007", region__name: "West" }];
    const response = await served.app.inject({ url: "/data/station/7?fields=number,region__name" });
    expect(response.json()).toEqual({ id: 7, number: "03007", region: { name: "West" } });
    expect(served.fake.last()).toEqual({
      method: "getById",
      model: "station",
      args: [7, ["number", "region__name"]],
    });
    expect((await served.app.inject({ url: "/data/station/seven" })).statusCode).toBe(400);
  });

  it("counts through an empty page", async () => {
    served.fake.page = { rows: [], count: 42, more: true };
    const response = await served.app.inject({ url: "/data/station/count?name__contains=x" });
    expect(response.json()).toEqual({ count: 42 });
    expect(served.fake.last().args[0]).toEqual({
      filters: [{ path: "name__contains", value: "x" }],
      limit: 0,
      count: "exact",
    });
  });

  it("lists values of a path", async () => {
    served.fake.valueCounts = [{ value: "North", count: 3 }];
    const response = await served.app.inject({
      url: "/data/station/values/region__name?order=-count&limit=5&elevation__gt=0",
    });
    expect(response.json()).toEqual({ results: [{ value: "North", count: 3 }] });
    expect(served.fake.last().args).toEqual([
      "region__name",
      { filters: [{ path: "elevation__gt", value: "0" }], order: ["-count"], limit: 5 },
    ]);
  });

  it("aggregates, with count:* by default and agg lists or repeated keys", async () => {
    served.fake.rows = [{ region__name: "North", count: 3, avg_elevation: 100 }];
    const response = await served.app.inject({
      url: "/data/station/aggregate?group=region__name&agg=count:*,avg:elevation&having=count__gt=1&order=-count&limit=3&name__ne=x",
    });
    expect(response.json()).toEqual({ results: served.fake.rows });
    expect(served.fake.last().args[0]).toEqual({
      filters: [{ path: "name__ne", value: "x" }],
      group: ["region__name"],
      aggregates: ["count:*", "avg:elevation"],
      having: "count__gt=1",
      order: ["-count"],
      limit: 3,
    });
    await served.app.inject({ url: "/data/station/aggregate?agg=count:*&agg=max:elevation" });
    expect(served.fake.last().args[0]).toMatchObject({ aggregates: ["count:*", "max:elevation"] });
    await served.app.inject({ url: "/data/station/aggregate?group=region" });
    expect(served.fake.last().args[0]).toMatchObject({
      aggregates: ["count:*"],
      group: ["region"],
    });
  });
});
