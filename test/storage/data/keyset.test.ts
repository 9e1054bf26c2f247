import { expect, it } from "vitest";
import type {
  DataQueries,
  PageOptions,
} from "../../../src/engines/storage/records/data-queries.js";
import type { RecordRow } from "../../../src/engines/storage/records/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useDataQueries } from "./use-data-queries.js";

const day = (year: number, n: number) =>
  new Date(Date.UTC(year, 0, 1 + n)).toISOString().slice(0, 10);
const label = (row: RecordRow) => `${String(row.station)}/${String(row.date)}`;

/** Every row of `options`' ordering, page by page through cursors. */
async function pageThrough(
  data: DataQueries,
  options: PageOptions,
  between?: (page: number) => Promise<void>,
): Promise<RecordRow[]> {
  const rows: RecordRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page += 1) {
    const result = await data.listPage("observation", {
      ...options,
      count: "none",
      ...(cursor === undefined ? {} : { cursor }),
    });
    rows.push(...result.rows);
    if (!result.more) return rows;
    expect(result.nextCursor).toBeDefined();
    cursor = result.nextCursor;
    await between?.(page);
  }
  throw new Error("paging did not end");
}

describeEachBackend("data keyset cursors", (fixture) => {
  const ready = useDataQueries(fixture);

  it("pages through the whole table in every kind of ordering", async () => {
    const { data } = ready();
    const orders = [
      ["-date"],
      ["station", "-date"],
      ["-temp", "date"],
      ["temp:nullsfirst", "-note"],
      ["-rain:nullslast", "station__region__name", "-date"],
      ["station__region__name:nullsfirst", "-station__number"],
    ];
    for (const order of orders) {
      const all = await data.listPage("observation", { order, limit: 10_000, count: "none" });
      const paged = await pageThrough(data, { order, limit: 17 });
      expect(paged.map(label), order.join(",")).toEqual(all.rows.map(label));
    }
  });

  it("misses and repeats no row while rows are inserted between pages", async () => {
    const { data, store } = ready();
    const before = await store.count("observation");
    let added = 0;
    const seen = await pageThrough(
      data,
      { order: ["date", "-station"], limit: 25 },
      async (page) => {
        // One row sorting before every cursor (never seen), one after (seen later).
        await store.saveMany("observation", [
          { key: { key: day(1900, page), scope: { station: "03001" } }, values: {} },
          { key: { key: day(2099, page), scope: { station: "03000" } }, values: { temp: page } },
        ]);
        added += 1;
      },
    );
    const labels = seen.map(label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.filter((l) => l.includes("/1900-"))).toEqual([]);
    expect(labels.filter((l) => l.includes("/2099-"))).toHaveLength(added);
    expect(labels).toHaveLength(before + added);
    await store.clear("observation", { filter: "or(date__lt=1901-01-01,date__gt=2098-01-01)" });
  });

  it("refuses damaged, edited or foreign cursors", async () => {
    const { data } = ready();
    const first = await data.listPage("observation", { order: ["-date"], limit: 3 });
    const cursor = first.nextCursor ?? "";
    const bad = async (options: PageOptions) =>
      expect(data.listPage("observation", options)).rejects.toMatchObject({
        code: "CAIRN_QUERY_BAD_VALUE",
        hint: expect.stringContaining("cursor") as unknown,
      });
    await bad({ order: ["-date"], cursor: `${cursor.slice(0, -3)}!!` });
    await bad({ order: ["-date"], cursor: cursor.slice(0, 10) });
    await bad({ order: ["date"], cursor });
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString()) as {
      o: string;
      k: unknown[];
    };
    const edit = (k: unknown[]) =>
      Buffer.from(JSON.stringify({ ...payload, k })).toString("base64url");
    await bad({ order: ["-date"], cursor: edit(["not a date", payload.k[1]]) });
    await bad({ order: ["-date"], cursor: edit([payload.k[0], "x"]) });
    await bad({ order: ["-date"], cursor: edit([null, payload.k[1]]) });
    await bad({ order: ["-date"], cursor: edit([payload.k[0]]) });
    const next = await data.listPage("observation", { order: ["-date"], limit: 3, cursor });
    expect(next.rows).toHaveLength(3);
  });
});
