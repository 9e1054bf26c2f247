import { beforeAll, expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { seedWeather } from "./seed-weather.js";
import { useRecordStore } from "./use-record-store.js";

describeEachBackend("record remove and clear", (fixture) => {
  const store = useRecordStore(fixture);
  beforeAll(async () => {
    await seedWeather(store());
  });

  it("refuses to remove a record a restrict relation still uses", async () => {
    await expect(store().remove("region", { key: "North" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_IN_USE",
      message: expect.stringContaining("station") as unknown,
    });
    expect(await store().count("region")).toBe(2);
  });

  it("removes by key and cascades", async () => {
    await store().remove("station", { key: "03006" });
    expect(
      await store().count("observation", { filters: [{ path: "station", value: "03006" }] }),
    ).toBe(0);
    await expect(store().remove("station", { key: "03006" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
    });
    await store().remove("region", { key: "South" });
  });

  it("clears the rows a filter matches, removing their many-to-many links", async () => {
    expect(
      await store().clear("observation", { filters: [{ path: "tags__name", value: "sun" }] }),
    ).toBe(2);
    expect(await store().count("observation")).toBe(1);
    expect(await store().clear("tag", { filter: "or(name=rain,name=wind)" })).toBe(2);
    expect(await store().clear("observation")).toBe(1);
  });

  it("nests transactions into the outer one", async () => {
    await expect(
      store().transaction(async (outer) => {
        await outer.save("tag", { key: "t1" }, {});
        await outer.transaction((inner) => inner.save("tag", { key: "t2" }, {}));
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await store().count("tag", { filter: "or(name=t1,name=t2)" })).toBe(0);
  });
});
