import { expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useRecordStore } from "./use-record-store.js";

function day(i: number): string {
  return `2023-${String(Math.floor(i / 28) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
}

describeEachBackend("record re-save (batched updates)", (fixture) => {
  const store = useRecordStore(fixture);

  it("re-saves existing rows in batches, setting only the given columns", async () => {
    await store().saveMany("tag", [{ key: { key: "x" }, values: {} }]);
    await store().saveMany("station", [
      { key: { key: "R1" }, values: {} },
      { key: { key: "R2" }, values: {} },
    ]);
    const keys = Array.from({ length: 200 }, (_, i) => ({
      key: day(i),
      scope: { station: i % 2 === 0 ? "R1" : "R2" },
    }));
    await store().saveMany(
      "observation",
      keys.map((key, i) => ({ key, values: { temp: i, note: `n${String(i)}` } })),
    );
    const before = await store().get("observation", keys[3] ?? { key: "" });
    // Two column sets (temp only; rain and tags) plus new rows, all in one call.
    const again = keys.map((key, i) => ({
      key,
      values: i % 2 === 0 ? { temp: -i } : { rain: "1.5", tags: ["x"] },
    }));
    const fresh = Array.from({ length: 10 }, (_, i) => ({
      key: { key: day(200 + i), scope: { station: "R1" } },
      values: { temp: 1000 + i },
    }));
    expect(await store().saveMany("observation", [...again, ...fresh])).toBe(210);
    expect(await store().count("observation")).toBe(210);
    expect(await store().get("observation", keys[2] ?? { key: "" })).toMatchObject({
      temp: -2,
      note: "n2",
      rain: null,
    });
    const updated = await store().get("observation", keys[3] ?? { key: "" });
    expect(updated).toMatchObject({ temp: 3, note: "n3", rain: "1.50", tags: ["x"] });
    expect(updated.created).toBe(before.created);
    expect(
      await store().count("observation", { filters: [{ path: "temp__gte", value: 1000 }] }),
    ).toBe(10);
  });

  it("re-saves scoped keys on a non-empty table touching only their own scope", async () => {
    await store().saveMany("station", [
      { key: { key: "S1" }, values: {} },
      { key: { key: "S2" }, values: {} },
    ]);
    const dates = Array.from({ length: 100 }, (_, i) => day(i));
    for (const station of ["S1", "S2"]) {
      await store().saveMany(
        "observation",
        dates.map((date) => ({ key: { key: date, scope: { station } }, values: { temp: 1 } })),
      );
    }
    const total = await store().count("observation");
    await store().saveMany(
      "observation",
      dates.map((date) => ({ key: { key: date, scope: { station: "S1" } }, values: { temp: 2 } })),
    );
    await store().save(
      "observation",
      { key: dates[0] ?? "", scope: { station: "S2" } },
      {
        temp: 3,
      },
    );
    const temps = async (station: string, temp: number) =>
      store().count("observation", {
        filters: [
          { path: "station", value: station },
          { path: "temp", value: temp },
        ],
      });
    expect(await temps("S1", 2)).toBe(100);
    expect(await temps("S2", 1)).toBe(99);
    expect(await temps("S2", 3)).toBe(1);
    expect(await store().count("observation")).toBe(total);
  });

  it("batches updates of a model with unique fields and still reports collisions", async () => {
    await store().saveMany(
      "region",
      Array.from({ length: 80 }, (_, i) => ({
        key: { key: `Region ${String(i)}` },
        values: { code: `C${String(i)}` },
      })),
    );
    await store().saveMany(
      "region",
      Array.from({ length: 80 }, (_, i) => ({
        key: { key: `Region ${String(i)}` },
        values: { code: `D${String(i)}` },
      })),
    );
    expect(
      await store().count("region", { filters: [{ path: "code__startswith", value: "D" }] }),
    ).toBe(80);
    await expect(
      store().saveMany("region", [
        { key: { key: "Region 0" }, values: { code: "E0" } },
        { key: { key: "Region 1" }, values: { code: "D2" } },
      ]),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_CONFLICT" });
    expect(await store().get("region", { key: "Region 0" })).toMatchObject({ code: "D0" });
    expect(await store().get("region", { key: "Region 2" })).toMatchObject({ code: "D2" });
  });

  it("applies no defaults when a re-save leaves a field out", async () => {
    await store().saveMany(
      "tag",
      Array.from({ length: 70 }, (_, i) => ({
        key: { key: `t${String(i)}` },
        values: { color: "blue" },
      })),
    );
    await store().saveMany(
      "tag",
      Array.from({ length: 70 }, (_, i) => ({ key: { key: `t${String(i)}` }, values: {} })),
    );
    expect(await store().count("tag", { filters: [{ path: "color", value: "blue" }] })).toBe(70);
  });
});
