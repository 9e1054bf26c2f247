import { describe, expect, it } from "vitest";
import { describeEachBackend } from "../../support/describe-each-backend.js";
import { useRecordStore } from "./use-record-store.js";

describeEachBackend("record field types", (fixture) => {
  const store = useRecordStore(fixture);

  it("round-trips every field type through save, get and list", async () => {
    const { row, created } = await store().save(
      "sample",
      { key: "all" },
      {
        label: "long text",
        count: "42",
        big: "9007199254740993",
        ratio: "2.5",
        price: "12.5",
        flag: "yes",
        day: "2024-02-29",
        moment: "2024-01-02T04:04:05.5+01:00",
        clock: "07:30",
        span: "1h30m",
        data: '{"a":[1,2],"b":"x"}',
        ident: "123E4567-E89B-12D3-A456-426614174000",
        blob: Buffer.from("hello").toString("base64"),
        level: "low",
      },
    );
    expect(created).toBe(true);
    const expected = {
      code: "all",
      label: "long text",
      count: 42,
      big: "9007199254740993",
      ratio: 2.5,
      price: "12.50",
      flag: true,
      day: "2024-02-29",
      moment: "2024-01-02T03:04:05.500Z",
      clock: "07:30:00",
      span: 5400,
      data: { a: [1, 2], b: "x" },
      ident: "123e4567-e89b-12d3-a456-426614174000",
      blob: Buffer.from("hello").toString("base64"),
      level: "low",
    };
    expect(row).toMatchObject(expected);
    expect(await store().get("sample", { key: "all" })).toMatchObject(expected);
    const [listed] = await store().list("sample", { filters: [{ path: "code", value: "all" }] });
    expect(listed).toMatchObject(expected);
    expect(typeof row.id).toBe("number");
    expect(row.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("applies defaults on create and leaves other fields null", async () => {
    const { row } = await store().save("sample", { key: "defaults" }, {});
    expect(row).toMatchObject({ code: "defaults", count: 1, big: null, data: null, flag: null });
  });

  it("accepts JSON values as well as CLI strings", async () => {
    const { row } = await store().save(
      "sample",
      { key: "json" },
      { count: 7, flag: false, data: "plain text", big: 12, ratio: 0.25, span: 45, price: 3 },
    );
    expect(row).toMatchObject({
      count: 7,
      flag: false,
      data: "plain text",
      big: 12,
      ratio: 0.25,
      span: 45,
      price: "3.00",
    });
  });

  it("updates only the given fields and keeps created", async () => {
    const first = await store().save("sample", { key: "upd" }, { label: "a", count: 3 });
    const second = await store().save("sample", { key: "upd" }, { label: "b" });
    expect(second.created).toBe(false);
    expect(second.row).toMatchObject({ label: "b", count: 3, created: first.row.created });
  });

  describe("hidden fields", () => {
    it("stores them but never returns them", async () => {
      const { row } = await store().save("station", { key: "H1" }, { secret: "s3cret" });
      expect(row).not.toHaveProperty("secret");
      const [listed] = await store().list("station", {
        filters: [{ path: "number", value: "H1" }],
      });
      expect(listed).not.toHaveProperty("secret");
    });
  });
});
