import { expect, it } from "vitest";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

describeEachBackend("runtime: message recording", (backend) => {
  const fixture = useRuntime(backend);

  it("stores all 20,000 messages of a talkative handler, in batches", async () => {
    const run = await runCommand(fixture.runtime(), "demo chatty", { count: "20000" });
    expect(run.status).toBe("success");
    expect(run.messages).toHaveLength(20_001);
    expect(run.messages.every((m, i) => m.seq === i + 1)).toBe(true);
    expect(run.messages[19_999]).toMatchObject({ type: "info", text: "message 20000" });
    const stored = await fixture.store().count("execution_message", {
      filters: [{ path: "execution", value: run.id }],
    });
    expect(stored).toBe(20_001);
  }, 120_000);

  it("keeps recording when the reader stops early", async () => {
    const running = await fixture.runtime().start({
      command: "demo chatty",
      parameters: { count: "3000" },
      origin: "cli",
    });
    for await (const message of running.messages) if (message.seq === 10) break;
    expect(await running.finished).toBe("success");
    const stored = await fixture.store().count("execution_message", {
      filters: [{ path: "execution", value: running.id }],
    });
    expect(stored).toBe(3001);
  }, 60_000);
});
