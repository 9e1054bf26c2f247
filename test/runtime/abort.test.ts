import { expect, it } from "vitest";
import type { Message } from "../../src/foundations/message.js";
import type { Runtime } from "../../src/runtime/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

/** Starts a command and aborts it once its first message arrives. */
async function abortAfterFirstMessage(runtime: Runtime, command: string, parameters = {}) {
  const controller = new AbortController();
  const running = await runtime.start({
    command,
    parameters,
    origin: "cli",
    signal: controller.signal,
  });
  const messages: Message[] = [];
  let abortedAt = 0;
  for await (const message of running.messages) {
    messages.push(message);
    if (messages.length === 1) {
      abortedAt = Date.now();
      controller.abort();
    }
  }
  const status = await running.finished;
  return { id: running.id, status, messages, elapsed: Date.now() - abortedAt };
}

describeEachBackend("runtime: abort and timeout", (backend) => {
  const fixture = useRuntime(backend, { abortGraceMs: 300 });

  it("stops a handler stuck in while(true) within the grace period, and the pool still works", async () => {
    const run = await abortAfterFirstMessage(fixture.runtime(), "demo spin");
    expect(run.status).toBe("aborted");
    expect(run.elapsed).toBeLessThan(3000);
    expect(run.messages.at(-1)).toMatchObject({
      type: "status",
      status: "aborted",
      error: { code: "CAIRN_EXECUTION_ABORTED" },
    });
    expect(await fixture.execution(run.id)).toMatchObject({ status: "aborted" });
    const after = await runCommand(fixture.runtime(), "demo greet", { name: "after" });
    expect(after.status).toBe("success");
  });

  it("fires ctx.signal and rolls back an aborted handler's writes", async () => {
    const run = await abortAfterFirstMessage(fixture.runtime(), "demo hang", { number: "H1" });
    expect(run.status).toBe("aborted");
    expect(run.elapsed).toBeLessThan(300);
    const rows = await fixture
      .store()
      .list("station", { filters: [{ path: "number", value: "H1" }] });
    expect(rows).toEqual([]);
  });

  it("fails a handler that runs past its timeout with CAIRN_EXECUTION_TIMEOUT", async () => {
    const started = Date.now();
    const run = await runCommand(fixture.runtime(), "demo slow");
    expect(run.status).toBe("failed");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(run.last).toMatchObject({ error: { code: "CAIRN_EXECUTION_TIMEOUT" } });
    expect(await fixture.execution(run.id)).toMatchObject({
      status: "failed",
      error: { code: "CAIRN_EXECUTION_TIMEOUT" },
    });
  });

  it("aborts a run whose signal fired before it started", async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runCommand(
      fixture.runtime(),
      "demo plain",
      {},
      { signal: controller.signal },
    );
    expect(run.status).toBe("aborted");
  });
});
