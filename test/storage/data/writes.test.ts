import { expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useDataQueries } from "./use-data-queries.js";

describeEachBackend("data writes", (fixture) => {
  const ready = useDataQueries(fixture);

  it("inserts rows by their key and scope, refusing existing keys unless asked to update", async () => {
    const { data, store } = ready();
    const [created] = await data.insert("station", [
      { number: "09001", name: "New", region: "North" },
    ]);
    expect(created).toMatchObject({ number: "09001", name: "New", region: "North" });
    expect(typeof created?.id).toBe("number");
    const error = await data
      .insert("station", [{ number: "09002" }, { number: "09001", name: "Again" }])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CAIRN_RECORD_CONFLICT", status: 409 });
    expect((error as Error).message).toContain("09001");
    expect(await store.count("station", { filters: [{ path: "number", value: "09002" }] })).toBe(0);
    const upserted = await data.insert(
      "station",
      [
        { number: "09001", name: "Renamed" },
        { number: "09002", name: "Second" },
      ],
      { onConflict: "update" },
    );
    expect(upserted.map((r) => [r.number, r.name, r.region])).toEqual([
      ["09001", "Renamed", "North"],
      ["09002", "Second", null],
    ]);
    expect(upserted[0]?.id).toBe(created?.id);
  });

  it("inserts scoped rows with relations in one transaction, all or nothing", async () => {
    const { data, store } = ready();
    const rows = await data.insert("observation", [
      { station: "09001", date: "2030-01-01", temp: 1.5, tags: ["sun", "fog"] },
      { station: "09002", date: "2030-01-01", rain: "2.5" },
    ]);
    expect(rows.map((r) => [r.station, r.date, r.tags, r.rain])).toEqual([
      ["09001", "2030-01-01", ["fog", "sun"], null],
      ["09002", "2030-01-01", [], "2.50"],
    ]);
    await expect(
      data.insert("observation", [
        { station: "09001", date: "2030-01-02" },
        { station: "09001", date: "2030-01-03", temp: "warm" },
      ]),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_INVALID" });
    expect(await store.count("observation", { filter: "date__gt=2030-01-01" })).toBe(0);
    await expect(data.insert("observation", [{ date: "2030-02-01" }])).rejects.toMatchObject({
      code: "CAIRN_RECORD_INVALID",
    });
  });

  it("updates and removes by id, answering not found for unknown ids", async () => {
    const { data, store } = ready();
    const [row] = await data.insert("station", [{ number: "09003", name: "Temp" }]);
    const id = Number(row?.id);
    const updated = await data.updateById("station", id, { elevation: 12.5, region: "South" });
    expect(updated).toMatchObject({ number: "09003", name: "Temp", elevation: 12.5 });
    expect(updated.region).toBe("South");
    await expect(data.updateById("station", id, { elevation: "high" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_INVALID",
    });
    await expect(data.updateById("station", 999_999, { name: "x" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
      status: 404,
    });
    await data.removeById("station", id);
    await expect(data.getById("station", id)).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
    });
    await expect(data.removeById("station", id)).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
    });
    const [region] = (await data.listPage("region", { filter: "name=South", fields: ["id"] })).rows;
    await expect(data.removeById("region", Number(region?.id))).rejects.toMatchObject({
      code: "CAIRN_RECORD_IN_USE",
    });
    expect(await store.count("region")).toBe(3);
  });

  it("renames a natural key by id, refusing a key another row has", async () => {
    const { data } = ready();
    const [first, second] = await data.insert("station", [
      { number: "09101", name: "First" },
      { number: "09102", name: "Second" },
    ]);
    const renamed = await data.updateById("station", Number(first?.id), {
      number: "09111",
      name: "First, renamed",
    });
    expect(renamed).toMatchObject({ id: first?.id, number: "09111", name: "First, renamed" });
    await expect(
      data.updateById("station", Number(second?.id), { number: "09111" }),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_CONFLICT" });
    expect(await data.getById("station", Number(second?.id))).toMatchObject({ number: "09102" });
  });
});
