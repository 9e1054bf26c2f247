import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordStore } from "../../src/engines/storage/records/index.js";
import type { RecordStore } from "../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../src/engines/storage/schema/index.js";
import type { Message } from "../../src/foundations/message.js";
import { loadSettings } from "../../src/foundations/settings.js";
import { createApp } from "../../src/faces/http/index.js";
import { openRuntime, type Runtime } from "../../src/runtime/index.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { writeQueueProject } from "../runtime/support/queue-project.js";
import { FAST } from "../runtime/support/use-queue-runtime.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import type { TempTree } from "../support/temp-tree.js";

const TOKEN = "queue-token";

describeEachBackend("command API: queued runs", (backend) => {
  let project: TempTree;
  let runtime: Runtime;
  let store: RecordStore;
  let app: Awaited<ReturnType<typeof createApp>>;
  beforeAll(async () => {
    project = writeQueueProject();
    const spec = await loadProjectSpec(project.dir);
    await migrateDatabase(backend.database(), spec);
    store = createRecordStore(backend.database(), spec);
    const settings = loadSettings({
      env: { CAIRN_DATABASE_URL: backend.url(), CAIRN_ADMIN_TOKEN: TOKEN },
      cwd: project.dir,
    });
    runtime = await openRuntime(settings, { ...FAST, spec });
    app = await createApp({ runtime, cairnVersion: "0.0.0", logLevel: false });
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
    project.remove();
  });

  const post = (path: string, body: Record<string, unknown>) =>
    app.inject({
      method: "POST",
      url: path,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });

  it("answers _async with the id of a queued run, on its queue and priority", async () => {
    const response = await post("/command/q/note", {
      label: "async",
      _queue_name: "http",
      _priority: 4,
      _async: true,
    });
    expect(response.statusCode).toBe(202);
    const body = response.json<{ execution: string; status: string }>();
    expect(body.status).toBe("queued");
    expect(response.headers["x-cairn-execution"]).toBe(body.execution);
    expect(await store.get("execution", { key: body.execution })).toMatchObject({
      status: "queued",
      queue: "http",
      priority: 4,
      origin: "api",
    });
    await runtime.abort(body.execution);
  });

  it("streams a _queue run as a worker runs it", async () => {
    const worker = runtime.startWorker({ queues: ["default"] });
    try {
      const response = await post("/command/q/note", { label: "streamed", _queue: true });
      expect(response.statusCode).toBe(200);
      const messages = response.body
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Message);
      expect(messages.map((m) => m.type)).toEqual(["info", "status"]);
      expect(messages.at(-1)).toMatchObject({ status: "success", result: "streamed" });
      const id = String(response.headers["x-cairn-execution"]);
      expect(await store.get("execution", { key: id })).toMatchObject({ worker: worker.id });
    } finally {
      await worker.close(5000);
    }
  });

  it("refuses a bad _priority with 400 before recording anything", async () => {
    const before = await store.count("execution");
    const response = await post("/command/q/note", { label: "x", _queue: true, _priority: "soon" });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe("CAIRN_PARAMETER_INVALID");
    expect(await store.count("execution")).toBe(before);
  });

  it("runs a background command in the server's process with _local", async () => {
    const response = await post("/command/q/later", { label: "served-here", _local: true });
    expect(response.statusCode).toBe(200);
    const id = String(response.headers["x-cairn-execution"]);
    const row = await store.get("execution", { key: id });
    expect(row).toMatchObject({ status: "success", origin: "api" });
    expect(row.queue).toBeNull();
    const effects = await store.list("effect", { filters: [{ path: "execution", value: id }] });
    expect(effects.map((effect) => effect.label)).toEqual(["served-here"]);
  });
});
