import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore, type RecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { ExecutionTable } from "../../src/runtime/execution/execution-table.js";
import { EndRows } from "../../src/runtime/notify/end-rows.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import type { ProjectSpec } from "../../src/spec/project-spec.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";

let tree: TempTree;
let spec: ProjectSpec;

beforeAll(async () => {
  tree = writeTempTree("execution-end", { "cairn.yml": "name: ends\nversion: 1.0.0\n" });
  spec = await loadProjectSpec(tree.dir);
});
afterAll(() => {
  tree.remove();
});

// The end of a run answers the row its notification reads, in the same statement where
// the backend can (RETURNING); the reads of many ends go out together.
describeEachBackend("an execution's end", (fixture) => {
  let store: RecordStore;
  let table: ExecutionTable;
  const running = (command: string, notify?: unknown) =>
    table.insert({
      command,
      parameters: {},
      user: "admin",
      origin: "api",
      status: "running",
      started: new Date().toISOString(),
      ...(notify === undefined ? {} : { notify }),
    });

  beforeAll(async () => {
    await migrateDatabase(fixture.database(), spec);
    store = createRecordStore(fixture.database(), spec);
    table = new ExecutionTable(fixture.database(), store);
    await store.save("notification", { key: "report" }, { on: "both" });
  });

  it("answers the ended row with its command's subscription, or what a read gives", async () => {
    const subscribed = await running("report", { groups: ["ops"] });
    const plain = await running("other");
    const [first, second] = await Promise.all([
      table.end(subscribed, { status: "failed", error: { code: "X", message: "no" } }, 1),
      table.end(plain, { status: "success", result: 1 }, 1),
    ]);
    const reads = new EndRows(fixture.database());
    const [readFirst, readSecond] = await Promise.all([reads.read(subscribed), reads.read(plain)]);
    expect(readFirst).toMatchObject({ command: "report", status: "failed", on: "both" });
    expect(readFirst?.notify).not.toBeNull();
    expect(readSecond).toMatchObject({ command: "other", status: "success", on: null });
    if (fixture.backend.name === "mysql") {
      // No UPDATE ... RETURNING: the notification reads the row instead.
      expect([first, second]).toEqual([undefined, undefined]);
    } else {
      expect(first).toEqual(readFirst);
      expect(second).toEqual(readSecond);
    }
    expect(await store.get("execution", { key: subscribed })).toMatchObject({ status: "failed" });
  });

  it("answers nothing when the attempt it ends is no longer running", async () => {
    const id = await running("report");
    expect(await table.end(id, { status: "success", result: null }, 2)).toBeUndefined();
    await table.end(id, { status: "failed", error: { code: "X", message: "no" } }, 1);
    expect(await table.end(id, { status: "success", result: null }, 1)).toBeUndefined();
    expect(await store.get("execution", { key: id })).toMatchObject({ status: "failed" });
  });
});
