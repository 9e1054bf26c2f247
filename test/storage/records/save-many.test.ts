import { expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useRecordStore } from "./use-record-store.js";

describeEachBackend("record saveMany", (fixture) => {
  const store = useRecordStore(fixture);

  it("inserts and updates many rows with relations in one go", async () => {
    await store().saveMany("tag", [
      { key: { key: "a" }, values: {} },
      { key: { key: "b" }, values: {} },
    ]);
    await store().saveMany(
      "station",
      Array.from({ length: 50 }, (_, i) => ({ key: { key: `M${i}` }, values: { elevation: i } })),
    );
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      key: {
        key: `2024-01-${String((i % 28) + 1).padStart(2, "0")}`,
        scope: { station: `M${Math.floor(i / 28) % 50}` },
      },
      values: { temp: i, tags: i % 2 === 0 ? ["a"] : ["a", "b"] },
    }));
    const unique = new Map(rows.map((r) => [`${r.key.scope.station}/${r.key.key}`, r]));
    expect(await store().saveMany("observation", rows)).toBe(3000);
    expect(await store().count("observation")).toBe(unique.size);
    expect(
      await store().count("observation", { filters: [{ path: "tags__name", value: "b" }] }),
    ).toBeGreaterThan(0);
    const again = await store().saveMany("observation", [
      { key: { key: "2024-01-01", scope: { station: "M0" } }, values: { temp: -1, tags: ["b"] } },
    ]);
    expect(again).toBe(1);
    expect(
      await store().get("observation", { key: "2024-01-01", scope: { station: "M0" } }),
    ).toMatchObject({ temp: -1, tags: ["b"] });
    expect(await store().count("observation")).toBe(unique.size);
  });

  it("writes nothing when one row fails", async () => {
    const before = await store().count("station");
    await expect(
      store().saveMany("station", [
        { key: { key: "OK1" }, values: {} },
        { key: { key: "OK2" }, values: { elevation: "high" } },
      ]),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_INVALID" });
    await expect(
      store().saveMany("observation", [
        { key: { key: "2025-01-01", scope: { station: "M1" } }, values: { tags: ["a"] } },
        { key: { key: "2025-01-02", scope: { station: "M1" } }, values: { tags: ["zzz"] } },
      ]),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_INVALID" });
    expect(await store().count("station")).toBe(before);
    expect(
      await store().count("observation", { filters: [{ path: "date__year", value: 2025 }] }),
    ).toBe(0);
  });
});
