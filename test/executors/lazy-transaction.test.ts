import { expect, it } from "vitest";
import { LazyTransaction } from "../../src/engines/executors/lazy-transaction.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { useRecordStore } from "../storage/records/use-record-store.js";

describeEachBackend("the command transaction, begun on first data access", (fixture) => {
  const store = useRecordStore(fixture);

  it("commits what the handler wrote when it ends well", async () => {
    const transaction = new LazyTransaction(store());
    await transaction.store.save("tag", { key: "kept" }, { color: "green" });
    expect((await transaction.store.get("tag", { key: "kept" })).color).toBe("green");
    await transaction.end(true);
    expect((await store().get("tag", { key: "kept" })).color).toBe("green");
  });

  it("rolls back everything the handler wrote when it fails", async () => {
    const transaction = new LazyTransaction(store());
    await transaction.store.save("tag", { key: "undone" }, {});
    await transaction.store.saveMany("tag", [{ key: { key: "undone-too" }, values: {} }]);
    await transaction.end(false);
    const names = (await store().list("tag")).map((row) => row.name);
    expect(names).not.toContain("undone");
    expect(names).not.toContain("undone-too");
  });

  it("ends without a transaction when the handler never touched data", async () => {
    const transaction = new LazyTransaction(store());
    await expect(transaction.end(true)).resolves.toBeUndefined();
    await expect(transaction.end(false)).resolves.toBeUndefined();
  });

  it("reports a write refused inside the transaction and still rolls back cleanly", async () => {
    const transaction = new LazyTransaction(store());
    await transaction.store.save("tag", { key: "before-refusal" }, {});
    await expect(
      transaction.store.save("tag", { key: "bad" }, { color: "purple" }),
    ).rejects.toThrow(/color/);
    await transaction.end(false);
    const names = (await store().list("tag")).map((row) => row.name);
    expect(names).not.toContain("before-refusal");
  });
});
