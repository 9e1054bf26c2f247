import { expect, it } from "vitest";
import type { RecordRow } from "../../../src/engines/storage/records/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useDataQueries } from "./use-data-queries.js";

/** Rows grouped by `key`, as the expected side of value and aggregate checks. */
function tally(rows: readonly RecordRow[], key: (row: RecordRow) => unknown) {
  const counts = new Map<unknown, RecordRow[]>();
  for (const row of rows) {
    const k = key(row);
    counts.set(k, [...(counts.get(k) ?? []), row]);
  }
  return counts;
}

/** Ascending with nulls last, as aggregate orderings place them. */
function byName(a: unknown, b: unknown): number {
  if (typeof a !== "string" || typeof b !== "string") return a === b ? 0 : a === null ? 1 : -1;
  return a.localeCompare(b);
}

describeEachBackend("data values and aggregates", (fixture) => {
  const ready = useDataQueries(fixture);
  const all = async (filter?: string) =>
    (
      await ready().data.listPage("observation", {
        limit: 10_000,
        count: "none",
        fields: ["station", "station__region__name", "date", "temp", "rain", "tags"],
        ...(filter === undefined ? {} : { filter }),
      })
    ).rows;

  it("lists distinct values with counts under filters, most frequent first", async () => {
    const { data } = ready();
    const filter = "or(tags__name=sun,temp__gt=20)";
    const values = await data.values("observation", "station__region__name", { filter });
    const expected = tally(await all(filter), (r) => r.station__region__name);
    expect(values).toHaveLength(expected.size);
    for (const { value, count } of values) expect(count).toBe(expected.get(value)?.length);
    const counts = values.map((v) => v.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const byValue = await data.values("observation", "station", { order: ["-value"], limit: 3 });
    expect(byValue.map((v) => v.value)).toEqual(["03009", "03008", "03007"]);
    expect(byValue.every((v) => v.count === 30)).toBe(true);
    await expect(data.values("observation", "tags__name")).rejects.toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
    });
  });

  it("aggregates per group over a to-many filter without multiplying rows", async () => {
    const { data } = ready();
    const filter = "or(tags__name=sun,tags__name=rain)";
    const rows = await data.aggregate("observation", {
      filter,
      group: ["station"],
      aggregates: ["count:*", "count:temp", "sum:temp", "avg:temp", "max:date", "sum:rain"],
    });
    const expected = tally(await all(filter), (r) => r.station);
    expect(rows.map((r) => r.station)).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      const group = expected.get(row.station) ?? [];
      const temps = group.map((r) => r.temp).filter((t): t is number => typeof t === "number");
      expect(row.count).toBe(group.length);
      expect(row.count_temp).toBe(temps.length);
      expect(row.sum_temp).toBe(temps.reduce((a, b) => a + b, 0));
      expect(row.avg_temp).toBeCloseTo(temps.reduce((a, b) => a + b, 0) / temps.length, 6);
      expect(row.max_date).toBe(
        group
          .map((r) => String(r.date))
          .sort()
          .at(-1),
      );
      const rain = group.reduce((sum, r) => sum + (r.rain === null ? 0 : Number(r.rain)), 0);
      const anyRain = group.some((r) => r.rain !== null);
      expect(row.sum_rain).toBe(anyRain ? rain.toFixed(2) : null);
    }
  });

  it("filters groups with having and orders by any output", async () => {
    const { data } = ready();
    const rows = await data.aggregate("observation", {
      filter: "tags__name=sun",
      group: ["station__region__name"],
      aggregates: ["count:*", "count_distinct:station", "min:temp"],
      having: "and(count__gte=10,count_distinct_station__gt=1)",
      order: ["-count", "station__region__name"],
    });
    const expected = tally(await all("tags__name=sun"), (r) => r.station__region__name);
    const wanted = [...expected.entries()]
      .filter(([, g]) => g.length >= 10 && new Set(g.map((r) => r.station)).size > 1)
      .map(([name, g]) => ({ name, count: g.length }))
      .sort((a, b) => b.count - a.count || byName(a.name, b.name));
    expect(rows.map((r) => [r.station__region__name, r.count])).toEqual(
      wanted.map((w) => [w.name, w.count]),
    );
    const months = await data.aggregate("observation", {
      group: ["date__year", "date__month"],
      aggregates: ["count:*"],
      order: ["-date__year", "date__month"],
      limit: 2,
    });
    expect(months[0]).toMatchObject({ date__year: 2024, date__month: 1 });
    const total = await data.aggregate("observation", { aggregates: ["count:*"] });
    expect(total).toEqual([{ count: 300 }]);
  });

  it("names valid aggregates when one does not apply", async () => {
    const { data } = ready();
    const error = (options: Parameters<typeof data.aggregate>[1]) =>
      data.aggregate("observation", options).catch((e: unknown) => e);
    expect(await error({ aggregates: ["sum:note"] })).toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_OPERATOR",
      details: { suggestions: ["count", "count_distinct", "min", "max"] },
    });
    expect(await error({ aggregates: ["summ:temp"] })).toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_OPERATOR",
      message: expect.stringContaining("sum") as unknown,
    });
    expect(await error({ aggregates: ["count:*"], group: ["tags"] })).toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
    });
    expect(await error({ aggregates: ["count:*"], having: "avg_temp__gt=1" })).toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
    });
    expect(await error({ aggregates: ["count:*"], having: "count__gt=abc" })).toMatchObject({
      code: "CAIRN_QUERY_BAD_VALUE",
    });
  });
});
