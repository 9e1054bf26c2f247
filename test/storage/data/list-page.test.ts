import { expect, it } from "vitest";
import type { RecordRow } from "../../../src/engines/storage/records/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { OBSERVATIONS } from "./seed-stations.js";
import { useDataQueries } from "./use-data-queries.js";

const label = (row: RecordRow) => `${String(row.station)}/${String(row.date)}`;

describeEachBackend("data list pages", (fixture) => {
  const ready = useDataQueries(fixture);

  it("counts exactly, by estimate, or not at all", async () => {
    const { data } = ready();
    const exact = await data.listPage("observation", { limit: 5 });
    expect(exact.count).toBe(OBSERVATIONS);
    expect(exact.rows).toHaveLength(5);
    expect(exact.more).toBe(true);
    const none = await data.listPage("observation", { limit: 5, count: "none" });
    expect(none.count).toBeNull();
    const estimate = await data.listPage("observation", { limit: 5, count: "estimate" });
    expect(typeof estimate.count).toBe("number");
    expect(estimate.count).toBeGreaterThanOrEqual(0);
    if (fixture.backend.name === "sqlite") expect(estimate.count).toBe(OBSERVATIONS);
  });

  it("counts rows matched across a to-many relation once each", async () => {
    const { data, store } = ready();
    const options = { filter: "or(tags__name=rain,tags__name=sun)" };
    const page = await data.listPage("observation", { ...options, limit: 1000 });
    expect(page.count).toBe(page.rows.length);
    expect(page.count).toBe(await store.count("observation", options));
    expect(new Set(page.rows.map(label)).size).toBe(page.rows.length);
  });

  it("says whether more rows follow", async () => {
    const { data } = ready();
    const last = await data.listPage("observation", { limit: 10, offset: OBSERVATIONS - 10 });
    expect(last.rows).toHaveLength(10);
    expect(last.more).toBe(false);
    expect(last.nextCursor).toBeUndefined();
  });

  it("gets a row by id and answers not found", async () => {
    const { data } = ready();
    const [first] = (await data.listPage("station", { limit: 1, fields: ["id", "number"] })).rows;
    const id = Number(first?.id);
    const row = await data.getById("station", id);
    expect(row.number).toBe(first?.number);
    expect(await data.getById("station", id, ["name"])).toEqual({ name: row.name });
    await expect(data.getById("station", 999_999)).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
    });
  });

  it("refuses a cursor with an offset, bad paging values and too deep filters", async () => {
    const { data } = ready();
    const first = await data.listPage("observation", { limit: 2 });
    await expect(
      data.listPage("observation", { cursor: first.nextCursor ?? "", offset: 2 }),
    ).rejects.toMatchObject({ code: "CAIRN_QUERY_BAD_VALUE", status: 400 });
    await expect(data.listPage("observation", { limit: -1 })).rejects.toMatchObject({
      code: "CAIRN_QUERY_BAD_VALUE",
    });
    const deep = (n: number): string => (n === 0 ? "temp__gt=1" : `not(${deep(n - 1)})`);
    await expect(data.listPage("observation", { filter: deep(8) })).resolves.toBeDefined();
    const error = await data.listPage("observation", { filter: deep(9) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CAIRN_QUERY_SYNTAX", status: 400 });
    expect((error as Error).message).toContain("8 levels");
  });
});
