import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore, type RecordStore } from "../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import type { Message } from "../../src/foundations/message.js";
import { ExecutionTable } from "../../src/runtime/execution/execution-table.js";
import { MessageRecorder } from "../../src/runtime/messages/message-recorder.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import type { ProjectSpec } from "../../src/spec/project-spec.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../support/temp-tree.js";

let tree: TempTree;
let spec: ProjectSpec;

beforeAll(async () => {
  tree = writeTempTree("message-recorder", { "cairn.yml": "name: recorder\nversion: 1.0.0\n" });
  spec = await loadProjectSpec(tree.dir);
});
afterAll(() => {
  tree.remove();
});

// A run's last messages go with its end (MessageRecorder.finish): the recorder hands
// over what still waits once its batch in flight is stored, and counts it stored after.
describeEachBackend("a message recorder's finish", (fixture) => {
  let store: RecordStore;
  let table: ExecutionTable;

  beforeAll(async () => {
    await migrateDatabase(fixture.database(), spec);
    store = createRecordStore(fixture.database(), spec);
    table = new ExecutionTable(fixture.database(), store);
  });

  const message = (id: string, seq: number): Message => ({
    type: "info",
    text: `m ${String(seq)}`,
    execution: id,
    seq,
    time: new Date().toISOString(),
  });
  const storedSeqs = async (id: string) =>
    (
      await store.list("execution_message", {
        filters: [{ path: "execution", value: id }],
        order: ["seq"],
      })
    ).map((row) => row.seq);

  /** A recorder of `id` writing `batchSize` at a time (no timer), and what it reported stored. */
  const recording = (id: string, batchSize: number) => {
    const reported: number[] = [];
    const recorder = new MessageRecorder({
      table,
      execution: id,
      batchSize,
      intervalMs: 60_000,
      onStored: (count) => reported.push(count),
    });
    return { recorder, reported };
  };

  it("hands the end what waits after the batch in flight, then counts all stored", async () => {
    const id = await table.insert({
      command: "work",
      parameters: {},
      user: "admin",
      origin: "api",
      status: "running",
    });
    const { recorder, reported } = recording(id, 3);
    // The third message starts a batch of three; the fourth waits behind it.
    for (const seq of [1, 2, 3, 4]) recorder.add(message(id, seq));
    let handed: readonly Message[] = [];
    let storedBefore: unknown[] = [];
    await recorder.finish(async (messages) => {
      handed = messages;
      storedBefore = await storedSeqs(id);
      await table.end(id, { status: "success", result: null }, undefined, messages);
    });
    expect(handed.map((m) => m.seq)).toEqual([4]);
    expect(storedBefore).toEqual([1, 2, 3]);
    expect(await storedSeqs(id)).toEqual([1, 2, 3, 4]);
    expect(reported).toEqual([3, 4]);
    expect(await store.get("execution", { key: id })).toMatchObject({ status: "success" });
  });

  it("hands over nothing after a failed write, and reports every message done", async () => {
    // No such execution: the batch breaks its foreign key and recording stops.
    const id = "987654";
    const { recorder, reported } = recording(id, 2);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      for (const seq of [1, 2, 3]) recorder.add(message(id, seq));
      let handed: readonly Message[] | undefined;
      await recorder.finish((messages) => {
        handed = messages;
        return Promise.resolve();
      });
      expect(handed).toEqual([]);
      expect(recorder.failure).toBeDefined();
      expect(reported.at(-1)).toBe(3);
      expect(await storedSeqs(id)).toEqual([]);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.some((text) => text.includes(`execution ${id}`))).toBe(true);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
