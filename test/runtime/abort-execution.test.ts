import { expect, it } from "vitest";
import type { CairnError } from "../../src/foundations/cairn-error.js";
import type { Runtime } from "../../src/runtime/index.js";
import { describeEachBackend } from "../support/describe-each-backend.js";
import { collect, drain } from "./support/collect.js";
import { runCommand } from "./support/run-command.js";
import { useRuntime } from "./support/use-runtime.js";

/** Starts `demo hang` and waits until its handler runs. */
async function hanging(runtime: Runtime) {
  const running = await runtime.start({ command: "demo hang", parameters: {}, origin: "api" });
  const own = drain(running);
  await own.reached(1);
  return { running, own };
}

describeEachBackend("runtime: abort and rerun by id", (backend) => {
  const fixture = useRuntime(backend, { abortGraceMs: 300, abortPollMs: 50, followPollMs: 50 });

  it("aborts an execution running in this process", async () => {
    const { running, own } = await hanging(fixture.runtime());
    expect(await fixture.runtime().abort(running.id)).toEqual({
      execution: running.id,
      status: "running",
      aborting: true,
    });
    expect(await running.finished).toBe("aborted");
    expect((await own.done).at(-1)).toMatchObject({
      type: "status",
      status: "aborted",
      error: { code: "CAIRN_EXECUTION_ABORTED" },
    });
    expect(await fixture.execution(running.id)).toMatchObject({ status: "aborted" });
  });

  it("aborts an execution running on another runtime over the same database", async () => {
    const other = await fixture.another({ abortPollMs: 50, followPollMs: 50 });
    const { running, own } = await hanging(other);
    const followed = collect(await fixture.runtime().follow(running.id));
    expect(await fixture.runtime().abort(running.id)).toEqual({
      execution: running.id,
      status: "running",
      aborting: true,
    });
    expect(await running.finished).toBe("aborted");
    await own.done;
    const row = await fixture.execution(running.id);
    expect(row).toMatchObject({ status: "aborted", error: { code: "CAIRN_EXECUTION_ABORTED" } });
    expect(row.abort_requested).toBeTruthy();
    expect((await followed).at(-1)).toMatchObject({ type: "status", status: "aborted" });
  });

  it("leaves a finished execution alone", async () => {
    const run = await runCommand(fixture.runtime(), "demo plain", { word: "done" });
    expect(await fixture.runtime().abort(run.id)).toEqual({
      execution: run.id,
      status: "success",
      aborting: false,
    });
    const row = await fixture.execution(run.id);
    expect(row).toMatchObject({ status: "success", abort_requested: null });
  });

  it("rejects unknown executions with CAIRN_EXECUTION_NOT_FOUND", async () => {
    const runtime = fixture.runtime();
    for (const attempt of [() => runtime.abort("987654"), () => runtime.rerun("987654")]) {
      const error = await attempt().then(
        () => undefined,
        (reason: unknown) => reason as CairnError,
      );
      expect(error?.code).toBe("CAIRN_EXECUTION_NOT_FOUND");
      expect(error?.message).toContain("987654");
    }
  });
});
