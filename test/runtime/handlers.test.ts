import { rmSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

describeEachBackend("runtime: handlers in isolates", (backend) => {
  const fixture = useRuntime(backend);

  it("runs a TypeScript handler with camelCase parameters and records its messages in order", async () => {
    const run = await runCommand(fixture.runtime(), "demo greet", {
      name: "ada",
      dry_run: "true",
      times: "2",
    });
    expect(run.status).toBe("success");
    expect(run.messages.map((m) => m.type)).toEqual(["info", "info", "progress", "data", "status"]);
    expect(run.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(run.messages.every((m) => m.execution === run.id)).toBe(true);
    expect(run.messages[0]).toMatchObject({ type: "info", text: "hello ada 1" });
    expect(run.messages[3]).toMatchObject({ value: { user: "admin", execution: run.id } });
    expect(run.last).toMatchObject({
      type: "status",
      status: "success",
      result: { name: "ada", dryRun: true, times: 2, keys: ["name", "dryRun", "times"] },
    });

    const execution = await fixture.execution(run.id);
    expect(execution).toMatchObject({
      command: "demo greet",
      status: "success",
      user: "admin",
      origin: "cli",
      parameters: { name: "ada", dry_run: true, times: 2 },
      result: { name: "ada", dryRun: true, times: 2 },
    });
    expect(execution.started).toBeTruthy();
    expect(execution.finished).toBeTruthy();
    const stored = await fixture.messages(run.id);
    expect(stored.map((m) => [m.seq, m.type])).toEqual(run.messages.map((m) => [m.seq, m.type]));
    expect(stored[0]?.body).toEqual({ type: "info", text: "hello ada 1" });
  });

  it("runs a plain .mjs default export", async () => {
    const run = await runCommand(
      fixture.runtime(),
      "demo plain",
      { word: "hi" },
      { origin: "api" },
    );
    expect(run.messages.map((m) => m.type)).toEqual(["success", "status"]);
    expect(run.last).toMatchObject({ status: "success", result: "hi" });
    expect(await fixture.execution(run.id)).toMatchObject({ origin: "api" });
  });

  it("commits the handler's model writes when it succeeds", async () => {
    const run = await runCommand(fixture.runtime(), "demo write", { number: "A1" });
    expect(run.status).toBe("success");
    expect(await fixture.store().get("station", { key: "A1" })).toMatchObject({ name: "written" });
  });

  it("fails a throwing handler with its original stack and rolls its writes back", async () => {
    const run = await runCommand(fixture.runtime(), "demo write", { number: "B2", fail: "true" });
    expect(run.status).toBe("failed");
    const error = run.messages.find((m) => m.type === "error");
    expect(error).toMatchObject({ text: "refusing station B2" });
    expect(run.last).toMatchObject({
      status: "failed",
      error: { code: "CAIRN_HANDLER_FAILED", message: "refusing station B2" },
    });
    const stack = run.last.type === "status" ? (run.last.error?.stack ?? "") : "";
    expect(stack).toContain("throwFromHere");
    expect(stack).toContain("greet.ts");
    expect(
      await fixture.store().list("station", { filters: [{ path: "number", value: "B2" }] }),
    ).toEqual([]);
    const execution = await fixture.execution(run.id);
    expect(execution).toMatchObject({ status: "failed", error: { code: "CAIRN_HANDLER_FAILED" } });
    expect(JSON.stringify(execution.error)).toContain("throwFromHere");
    // The execution and its messages survive the command's rollback.
    expect((await fixture.messages(run.id)).map((m) => m.type)).toEqual([
      "info",
      "error",
      "status",
    ]);
  });

  it("reads config values with ctx.config", async () => {
    await fixture.store().save("config", { key: "greeting" }, { value: { text: "hello", n: 2 } });
    const found = await runCommand(fixture.runtime(), "demo config", { name: "greeting" });
    expect(found.last).toMatchObject({
      status: "success",
      result: { value: { text: "hello", n: 2 } },
    });
    const missing = await runCommand(fixture.runtime(), "demo config", { name: "absent" });
    expect(missing.last).toMatchObject({ status: "success", result: {} });
  });

  it("runs nested commands with ctx.run as child executions", async () => {
    const run = await runCommand(fixture.runtime(), "demo nested");
    expect(run.last).toMatchObject({
      status: "success",
      result: {
        inner: { name: "inner", times: 2 },
        failure: "CAIRN_PARAMETER_INVALID",
      },
    });
    const children = await fixture
      .store()
      .list("execution", { filters: [{ path: "parent", value: run.id }] });
    expect(children).toHaveLength(1);
    expect(children[0]).toMatchObject({
      command: "demo greet",
      origin: "command",
      status: "success",
    });
  });

  it("answers CAIRN_HANDLER_NOT_FOUND for a missing file or export", async () => {
    rmSync(join(fixture.dir(), "handlers", "vanish.ts"));
    const file = await runCommand(fixture.runtime(), "demo missing");
    expect(file.last).toMatchObject({
      status: "failed",
      error: { code: "CAIRN_HANDLER_NOT_FOUND" },
    });
    const name = await runCommand(fixture.runtime(), "demo noexport");
    expect(name.last).toMatchObject({
      status: "failed",
      error: { code: "CAIRN_HANDLER_NOT_FOUND" },
    });
    expect(name.last.type === "status" ? name.last.error?.message : "").toContain("greet");
  });

  it("fails a run whose isolate exits and replaces the isolate", async () => {
    const run = await runCommand(fixture.runtime(), "demo crash");
    expect(run.last).toMatchObject({ status: "failed", error: { code: "CAIRN_HANDLER_FAILED" } });
    expect((await fixture.execution(run.id)).status).toBe("failed");
    const after = await runCommand(fixture.runtime(), "demo plain", { word: "again" });
    expect(after.status).toBe("success");
  });
});
