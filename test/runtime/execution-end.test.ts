import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore, type RecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import type { Message } from "../../src/foundations/message.js";
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

  /** Messages `from`..`to` of execution `id`, as a run emits them. */
  const messages = (id: string, from: number, to: number, text = "m"): Message[] =>
    Array.from({ length: to - from + 1 }, (_, i) => ({
      type: "info",
      text: `${text} ${String(from + i)}`,
      execution: id,
      seq: from + i,
      time: new Date().toISOString(),
    }));
  const stored = async (id: string) =>
    (
      await store.list("execution_message", {
        filters: [{ path: "execution", value: id }],
        order: ["seq"],
        limit: 1000,
      })
    ).map((row) => [row.seq, (row.body as { text?: string }).text]);

  it("stores the last messages of ends that come together with them", async () => {
    const [a, b, c] = await Promise.all([running("report"), running("other"), running("other")]);
    const ended = await Promise.all([
      table.end(a, { status: "success", result: 1 }, 1, messages(a, 1, 2)),
      table.end(b, { status: "success", result: 1 }, 1, messages(b, 1, 1)),
      table.end(c, { status: "failed", error: { code: "X", message: "no" } }, 1, messages(c, 1, 3)),
    ]);
    if (fixture.backend.name !== "mysql")
      expect(ended.map((row) => row?.status)).toEqual(["success", "success", "failed"]);
    expect(await stored(a)).toEqual([
      [1, "m 1"],
      [2, "m 2"],
    ]);
    expect(await stored(b)).toEqual([[1, "m 1"]]);
    expect((await stored(c)).map(([seq]) => seq)).toEqual([1, 2, 3]);
    expect(await store.get("execution", { key: c })).toMatchObject({ status: "failed" });
  });

  it("stores the messages of an end that does not apply, and leaves the row", async () => {
    const id = await running("other");
    expect(await table.end(id, { status: "success", result: 1 }, 2, messages(id, 1, 2))).toBe(
      undefined,
    );
    expect((await stored(id)).map(([seq]) => seq)).toEqual([1, 2]);
    expect(await store.get("execution", { key: id })).toMatchObject({ status: "running" });
  });

  it("ends the run when one of its messages is already stored (another writer's note)", async () => {
    const id = await running("other");
    await table.append(id, messages(id, 1, 1, "note"));
    await table.end(id, { status: "success", result: 1 }, 1, messages(id, 1, 2));
    // The message the run numbered 1 replaces the note, as an append after it would.
    expect(await stored(id)).toEqual([
      [1, "m 1"],
      [2, "m 2"],
    ]);
    expect(await store.get("execution", { key: id })).toMatchObject({ status: "success" });
  });

  it("ends the run when its messages cannot be stored, and says so", async () => {
    const id = await running("other");
    // Longer than the column takes: PostgreSQL and MariaDB refuse it, SQLite keeps it.
    const [tooLong] = messages(id, 2, 2).map(
      // Not a type Cairn emits: the test writes what the column refuses.
      (message) => ({ ...message, type: "x".repeat(40) }) as unknown as Message,
    );
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      await table.end(id, { status: "success", result: 1 }, 1, [
        ...messages(id, 1, 1),
        ...(tooLong === undefined ? [] : [tooLong]),
      ]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(await store.get("execution", { key: id })).toMatchObject({ status: "success" });
    if (fixture.backend.name === "sqlite") expect(await stored(id)).toHaveLength(2);
    else expect(warnings.some((text) => text.includes(`messages of execution ${id}`))).toBe(true);
  });

  it("stores more messages than one statement takes, across ends that come together", async () => {
    const ids = await Promise.all([running("other"), running("other"), running("other")]);
    await Promise.all(
      ids.map((id) => table.end(id, { status: "success", result: 1 }, 1, messages(id, 1, 200))),
    );
    for (const id of ids) {
      expect(await stored(id)).toHaveLength(200);
      expect(await store.get("execution", { key: id })).toMatchObject({ status: "success" });
    }
  });

  it("answers nothing when the attempt it ends is no longer running", async () => {
    const id = await running("report");
    expect(await table.end(id, { status: "success", result: null }, 2)).toBeUndefined();
    await table.end(id, { status: "failed", error: { code: "X", message: "no" } }, 1);
    expect(await table.end(id, { status: "success", result: null }, 1)).toBeUndefined();
    expect(await store.get("execution", { key: id })).toMatchObject({ status: "failed" });
  });
});
