import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/engines/storage/database.js";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import type { RecordStore } from "../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import { defaultDatabaseUrl, loadSettings } from "../../src/foundations/settings.js";
import { openRuntime, type Runtime } from "../../src/runtime/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { runCairn, startServeProcess } from "../support/cairn-process.js";
import { writeQueueProject } from "../runtime/support/queue-project.js";
import { waitUntil } from "../runtime/support/use-queue-runtime.js";
import type { TempTree } from "../support/temp-tree.js";

const ENV = { CAIRN_LEASE_SECONDS: "2", CAIRN_WORKERS: "2" };

describe("queued executions across a killed cairn serve", () => {
  let project: TempTree;
  let database: Database;
  let store: RecordStore;
  let runtime: Runtime;
  beforeAll(async () => {
    project = writeQueueProject();
    const spec = await loadProjectSpec(project.dir);
    database = await openDatabase(defaultDatabaseUrl(project.dir));
    await migrateDatabase(database, spec);
    store = createRecordStore(database, spec);
    runtime = await openRuntime(loadSettings({ env: {}, cwd: project.dir }), { spec });
  });
  afterAll(async () => {
    await runtime.close();
    await database.close();
    project.remove();
  });

  const status = async (id: string) => String((await store.get("execution", { key: id })).status);
  const queue = async (command: string, parameters: Record<string, unknown>) =>
    (await runtime.start({ command, parameters, origin: "api", queue: true })).id;

  it("runs what was queued while no server ran, and reaps the run a SIGKILL cut", async () => {
    const marker = join(project.dir, "stall-marker");
    const early = [
      await queue("q note", { label: "early 1" }),
      await queue("q note", { label: "early 2" }),
    ];
    const stalled = await queue("q stall_once", { marker });
    expect(await status(stalled)).toBe("queued");

    const first = await startServeProcess(project.dir, ENV);
    let killed = false;
    try {
      await waitUntil(async () => {
        const done = await Promise.all(early.map(status));
        return done.every((s) => s === "success") && existsSync(marker);
      });
      await waitUntil(async () => (await status(stalled)) === "running");
      // Its first message is stored (the recorder writes every 200 ms) before the kill.
      await waitUntil(
        async () =>
          (await store.count("execution_message", {
            filters: [{ path: "execution", value: stalled }],
          })) > 0,
      );
      killed = true;
      await first.kill();
    } finally {
      if (!killed) await first.stop();
    }
    expect(await status(stalled)).toBe("running");
    const whileDown = await queue("q note", { label: "while down" });

    const second = await startServeProcess(project.dir, ENV);
    try {
      await waitUntil(async () => (await status(whileDown)) === "success");
      await waitUntil(async () => (await status(stalled)) === "success");
      // Queued through a real CLI process, followed to its end.
      const followed = await runCairn(project.dir, ["q", "note", "label=cli", "--queue"], ENV);
      expect(followed.code).toBe(0);
      expect(followed.stdout + followed.stderr).toContain("recorded cli");
    } finally {
      await second.stop();
    }
    expect(await store.get("execution", { key: stalled })).toMatchObject({
      status: "success",
      attempt: 2,
      result: "done",
    });
    const messages = await store.list("execution_message", {
      filters: [{ path: "execution", value: stalled }],
      order: ["seq"],
    });
    expect(messages.map((m) => m.type)).toEqual(["info", "warning", "info", "status"]);
    expect(String((messages[1]?.body as { text?: string }).text)).toContain("stopped heartbeating");
    const labels = (await store.list("effect", { order: ["id"] })).map((row) => row.label);
    expect(labels.sort()).toEqual(["cli", "early 1", "early 2", "while down"]);
  }, 120_000);
});
