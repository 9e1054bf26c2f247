import { expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useRecordStore } from "./use-record-store.js";

describeEachBackend("record validation", (fixture) => {
  const store = useRecordStore(fixture);

  it.each([
    [{ count: "many" }, "sample.count"],
    [{ count: "-1" }, "at least 0"],
    [{ count: 1001 }, "at most 1000"],
    [{ level: "medium" }, "one of"],
    [{ day: "2024-02-30" }, "YYYY-MM-DD"],
    [{ moment: "2024-01-02T03:04:05" }, "offset"],
    [{ clock: "25:00" }, "HH:MM"],
    [{ span: "soon" }, "duration"],
    [{ ident: "not-a-uuid" }, "UUID"],
    [{ blob: "***" }, "base64"],
    [{ flag: "maybe" }, "true or false"],
    [{ price: "1.234" }, "2 digits after the point"],
    [{ big: "99999999999999999999" }, "64-bit"],
    [{ labl: "x" }, "'label'"],
    [{ id: 5 }, "unknown field"],
  ])("rejects %j naming the problem and writes nothing", async (values, text) => {
    await expect(store().save("sample", { key: "bad" }, values)).rejects.toMatchObject({
      code: "CAIRN_RECORD_INVALID",
      message: expect.stringContaining(text) as unknown,
    });
    await expect(store().get("sample", { key: "bad" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
    });
  });

  it("checks required fields, max_length and relations on create", async () => {
    await expect(store().save("region", { key: "x".repeat(51) }, {})).rejects.toMatchObject({
      code: "CAIRN_RECORD_INVALID",
      message: expect.stringContaining("at most 50 characters") as unknown,
    });
    await expect(
      store().save("observation", { key: "2024-01-01", scope: { station: "nope" } }, {}),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_INVALID" });
    await store().save("tag", { key: "t" }, {});
    await expect(store().save("tag", { key: "t" }, { name: null })).rejects.toMatchObject({
      code: "CAIRN_RECORD_INVALID",
      message: expect.stringContaining("required") as unknown,
    });
  });

  it("rolls back the whole save, many-to-many rows included", async () => {
    await store().save("station", { key: "S1" }, {});
    await store().save("tag", { key: "keep" }, {});
    const key = { key: "2024-01-01", scope: { station: "S1" } };
    await store().save("observation", key, { tags: ["keep"], temp: 1 });
    await expect(
      store().transaction(async (tx) => {
        await tx.save("observation", key, { tags: [], temp: 2 });
        await tx.save("observation", key, { temp: "hot" });
      }),
    ).rejects.toMatchObject({ code: "CAIRN_RECORD_INVALID" });
    expect(await store().get("observation", key)).toMatchObject({ temp: 1, tags: ["keep"] });
  });

  it("answers CAIRN_RECORD_CONFLICT for unique violations and writes nothing", async () => {
    await store().save("region", { key: "R1" }, { code: "X" });
    await expect(store().save("region", { key: "R2" }, { code: "X" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_CONFLICT",
    });
    await expect(store().get("region", { key: "R2" })).rejects.toMatchObject({
      code: "CAIRN_RECORD_NOT_FOUND",
    });
  });
});
