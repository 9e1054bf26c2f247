import { beforeAll, expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { seedWeather } from "./seed-weather.js";
import { useRecordStore } from "./use-record-store.js";

describeEachBackend("record list options", (fixture) => {
  const store = useRecordStore(fixture);
  beforeAll(async () => {
    await seedWeather(store());
  });

  const dates = (rows: readonly Record<string, unknown>[]) =>
    rows.map((r) => `${String(r.station)}/${String(r.date)}`);

  it("orders by the model's ordering, then id", async () => {
    const rows = dates(await store().list("observation"));
    expect(rows.slice(0, 1)).toEqual(["03005/2024-06-15"]);
    expect(rows.slice(1, 3).sort()).toEqual(["03005/2024-01-01", "03006/2024-01-01"]);
    expect(rows[3]).toBe("03005/1930-03-03");
    const stations = await store().list("station", { fields: ["number"] });
    expect(stations.map((s) => s.number)).toEqual(["03005", "03006", "03007"]);
  });

  it("orders by related fields with nulls last ascending and first descending", async () => {
    const asc = await store().list("station", { order: ["region__name"], fields: ["number"] });
    expect(asc.map((s) => s.number)).toEqual(["03005", "03006", "03007"]);
    const desc = await store().list("station", { order: ["-region__name"], fields: ["number"] });
    expect(desc.map((s) => s.number)).toEqual(["03007", "03006", "03005"]);
    const first = await store().list("station", {
      order: ["region__name:nullsfirst"],
      fields: ["number"],
    });
    expect(first.map((s) => s.number)).toEqual(["03007", "03005", "03006"]);
    const temps = await store().list("observation", {
      order: ["-temp:nullslast"],
      fields: ["temp"],
    });
    expect(temps.map((r) => r.temp)).toEqual([25, 5, -2, null]);
  });

  it("pages with limit and offset", async () => {
    const page = await store().list("observation", {
      order: ["date", "station__number"],
      limit: 2,
      offset: 1,
    });
    expect(dates(page)).toEqual(["03005/2024-01-01", "03006/2024-01-01"]);
    const rest = await store().list("observation", {
      order: ["date", "station__number"],
      offset: 3,
    });
    expect(dates(rest)).toEqual(["03005/2024-06-15"]);
  });

  it("returns the chosen fields, related paths and many-to-many lists", async () => {
    const rows = await store().list("observation", {
      fields: ["date", "station__name", "station__region__name", "tags"],
      order: ["date", "station"],
    });
    expect(rows[1]).toEqual({
      date: "2024-01-01",
      station__name: "Berlin",
      station__region__name: "North",
      tags: ["rain", "sun"],
    });
    expect(rows[0]).toMatchObject({ station__name: "Berlin", tags: [] });
  });

  it("rejects unknown, hidden and to-many fields", async () => {
    await expect(store().list("station", { fields: ["nmae"] })).rejects.toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
      message: expect.stringContaining("'name'") as unknown,
    });
    await expect(store().list("station", { fields: ["secret"] })).rejects.toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
    });
    await expect(store().list("station", { fields: ["observation__temp"] })).rejects.toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
    });
    await expect(store().list("observation", { order: ["tags__name"] })).rejects.toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
    });
  });

  it("counts with filters", async () => {
    expect(await store().count("observation")).toBe(4);
    expect(await store().count("observation", { filter: "or(temp__gt=20,temp__lt=0)" })).toBe(2);
  });
});
