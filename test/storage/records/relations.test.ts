import { beforeAll, expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { seedWeather } from "./seed-weather.js";
import { useRecordStore } from "./use-record-store.js";

describeEachBackend("record relations", (fixture) => {
  const store = useRecordStore(fixture);
  beforeAll(async () => {
    await seedWeather(store());
  });

  it("outputs to-one relations as the related key and many-to-many as sorted keys", async () => {
    const row = await store().get("observation", {
      key: "2024-01-01",
      scope: { station: "03005" },
    });
    expect(row).toMatchObject({ date: "2024-01-01", station: "03005", tags: ["rain", "sun"] });
    expect(await store().get("station", { key: "03007" })).toMatchObject({ region: null });
  });

  it("tells scoped keys apart", async () => {
    const row = await store().get("observation", {
      key: "2024-01-01",
      scope: { station: "03006" },
    });
    expect(row).toMatchObject({ temp: -2, station: "03006", tags: ["rain"] });
  });

  it("replaces many-to-many lists on save and leaves them when not given", async () => {
    const key = { key: "2024-06-15", scope: { station: "03005" } };
    await store().save("observation", key, { tags: ["wind", "rain"] });
    expect((await store().get("observation", key)).tags).toEqual(["rain", "wind"]);
    await store().save("observation", key, { temp: 26 });
    expect((await store().get("observation", key)).tags).toEqual(["rain", "wind"]);
    await store().save("observation", key, { tags: ["sun"] });
    expect((await store().get("observation", key)).tags).toEqual(["sun"]);
  });

  it("changes a to-one relation by the related key", async () => {
    await store().save("station", { key: "03007" }, { region: "South" });
    expect((await store().get("station", { key: "03007" })).region).toBe("South");
    await store().save("station", { key: "03007" }, { region: null });
    expect((await store().get("station", { key: "03007" })).region).toBeNull();
  });

  it("rejects an unknown related key, naming it, and writes nothing", async () => {
    await expect(
      store().save("station", { key: "09999" }, { name: "x", region: "Nowhere" }),
    ).rejects.toMatchObject({
      code: "CAIRN_RECORD_INVALID",
      message: expect.stringContaining("Nowhere") as unknown,
    });
    await expect(
      store().save(
        "observation",
        { key: "2024-01-02", scope: { station: "03005" } },
        {
          tags: ["rain", "hail"],
        },
      ),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_INVALID" });
    expect(await store().count("station", { filters: [{ path: "number", value: "09999" }] })).toBe(
      0,
    );
    expect(
      await store().count("observation", { filters: [{ path: "date", value: "2024-01-02" }] }),
    ).toBe(0);
  });

  it("needs the scope of scoped keys", async () => {
    await expect(store().save("observation", { key: "2024-01-05" }, {})).rejects.toMatchObject({
      code: "CAIRN_RECORD_INVALID",
    });
    await expect(
      store().get("observation", { key: "2024-01-01", scope: { station: "00000" } }),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_NOT_FOUND" });
  });

  it("answers CAIRN_RECORD_NOT_FOUND naming the model, key and list command", async () => {
    await expect(store().get("station", { key: "nope" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
      message: expect.stringContaining("station") as unknown,
      hint: expect.stringContaining("cairn station list") as unknown,
    });
  });
});
