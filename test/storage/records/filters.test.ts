import { beforeAll, expect, it } from "vitest";
import type { FilterInput } from "../../../src/engines/storage/records/index.js";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { seedWeather } from "./seed-weather.js";
import { useRecordStore } from "./use-record-store.js";

describeEachBackend("record filters", (fixture) => {
  const store = useRecordStore(fixture);
  beforeAll(async () => {
    await seedWeather(store());
  });

  /** Observation keys `station/date` matching, sorted. */
  async function observations(filters: Record<string, unknown>, filter?: string) {
    const inputs: FilterInput[] = Object.entries(filters).map(([path, value]) => ({ path, value }));
    const rows = await store().list("observation", {
      filters: inputs,
      ...(filter === undefined ? {} : { filter }),
      fields: ["station", "date"],
    });
    return rows.map((r) => `${String(r.station)}/${String(r.date)}`).sort();
  }
  const A = "03005/2024-01-01";
  const B = "03005/2024-06-15";
  const C = "03005/1930-03-03";
  const D = "03006/2024-01-01";

  it.each([
    [{ temp: "5" }, [A]],
    [{ temp__eq: 5 }, [A]],
    [{ temp__ne: "5" }, [B, C, D]],
    [{ temp__lt: "5" }, [D]],
    [{ temp__lte: "5" }, [A, D]],
    [{ temp__gt: "5" }, [B]],
    [{ temp__gte: "-2" }, [A, B, D]],
    [{ temp__in: "5,25" }, [A, B]],
    [{ temp__notin: "5,25" }, [C, D]],
    [{ temp__range: "0,30" }, [A, B]],
    [{ temp__isnull: "true" }, [C]],
    [{ temp__isnull: "false" }, [A, B, D]],
    [{ date__gte: "2024-01-01" }, [A, B, D]],
    [{ rain__gt: "1.2" }, [A]],
    [{ note__contains: "Day" }, [A]],
    [{ note__contains: "day" }, [D]],
    [{ note__icontains: "day" }, [A, D]],
    [{ note__startswith: "Cold" }, [A]],
    [{ note__startswith: "cold" }, [D]],
    [{ note__istartswith: "COLD" }, [A, D]],
    [{ note__endswith: "Day" }, [A]],
    [{ note__iendswith: "DAY" }, [A, D]],
    [{ note__contains: "_" }, [D]],
    [{ note__contains: "%" }, []],
    [{ note__regex: "^[Cc]old" }, [A, D]],
    [{ note__regex: "^cold" }, [D]],
    [{ attrs__contains: '{"kind":"auto"}' }, [A]],
    [{ attrs__contains: { list: [2] } }, [B]],
    [{ attrs__contains: { kind: "auto", n: 1 } }, [A]],
    [{ attrs__contains: { list: [3] } }, []],
    [{ attrs__contains: "manual" }, []],
    [{ attrs__isnull: "true" }, [C, D]],
  ])("filters %j", async (filters, expected) => {
    expect(await observations(filters)).toEqual([...expected].sort());
  });

  it.each([
    [{ date__year: "2024" }, [A, B, D]],
    [{ date__year__lt: "1950" }, [C]],
    [{ date__month: "6" }, [B]],
    [{ date__day__in: "1,3" }, [A, C, D]],
    [{ date__quarter: "2" }, [B]],
    [{ date__week: "1" }, [A, D]],
    [{ date__weekday: "1" }, [A, C, D]],
    [{ date__weekday: "6" }, [B]],
    [{ taken__hour: "11" }, [B]],
    [{ taken__minute__gte: "30" }, [A, B]],
    [{ taken__year: "2024" }, [A, B]],
    [{ time__hour__gte: "12" }, [B]],
    [{ time__minute: "30" }, [A]],
  ])("transforms %j", async (filters, expected) => {
    expect(await observations(filters)).toEqual([...expected].sort());
  });

  it("crosses to-one relations to any depth", async () => {
    expect(await observations({ station__region__name: "North" })).toEqual([C, A, B]);
    expect(await observations({ station__name__icontains: "mun" })).toEqual([D]);
    expect(await observations({ station: "03006" })).toEqual([D]);
    expect(await observations({ station__in: "03006,03007" })).toEqual([D]);
  });

  it("crosses many-to-many and reverse relations with EXISTS, never duplicating rows", async () => {
    expect(await observations({ tags__name: "sun" })).toEqual([A, B]);
    expect(await observations({ tags__name__in: "rain,sun" })).toEqual([A, B, D]);
    expect(
      await store().count("observation", {
        filters: [{ path: "tags__name__in", value: "rain,sun" }],
      }),
    ).toBe(3);
    expect(await observations({ tags__isnull: "true" })).toEqual([C]);
    const stations = await store().list("station", {
      filters: [{ path: "observation__temp__gte", value: "-5" }],
      fields: ["number"],
    });
    expect(stations.map((s) => s.number)).toEqual(["03005", "03006"]);
    const viaTags = await store().list("tag", {
      filters: [{ path: "observation__station__region__name", value: "North" }],
      fields: ["name"],
    });
    expect(viaTags.map((t) => t.name).sort()).toEqual(["rain", "sun"]);
    const regions = await store().list("region", {
      filters: [{ path: "station__observation__tags__color", value: "blue" }],
      fields: ["name"],
    });
    expect(regions.map((r) => r.name).sort()).toEqual(["North", "South"]);
  });

  it("evaluates filter= expressions together with plain filters", async () => {
    expect(
      await observations({}, "or(temp__gt=20,and(temp__lt=0,not(note__isnull=true)))"),
    ).toEqual([B, D]);
    expect(
      await observations({ station: "03005" }, 'or(note="Cold Day",temp__isnull=true)'),
    ).toEqual([C, A]);
    expect(await observations({}, "not(tags__name=rain)")).toEqual([C, B]);
  });

  it("escapes LIKE wildcards in related text too", async () => {
    const rows = await store().list("station", {
      filters: [{ path: "name__contains", value: "%_" }],
    });
    expect(rows.map((r) => r.number)).toEqual(["03007"]);
    const none = await store().list("station", {
      filters: [{ path: "name__startswith", value: "1_0" }],
    });
    expect(none).toEqual([]);
  });

  it("types filter values with the field codecs", async () => {
    await expect(observations({ date__gte: "2024-13-01" })).rejects.toMatchObject({
      code: "CAIRN_QUERY_BAD_VALUE",
      message: expect.stringContaining("date__gte=2024-13-01") as unknown,
    });
    await expect(observations({ tmep__gt: "1" })).rejects.toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_FIELD",
      message: expect.stringContaining("'temp'") as unknown,
    });
    await expect(observations({ temp__gtt: "1" })).rejects.toMatchObject({
      code: "CAIRN_QUERY_UNKNOWN_OPERATOR",
      message: expect.stringContaining("'gt'") as unknown,
    });
  });
});
