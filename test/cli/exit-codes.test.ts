import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParameterInvalid } from "../../src/foundations/error-codes.js";
import type { MessageBody } from "../../src/foundations/message.js";
import { cli, fakeServices, status, type Script } from "./support/cli-harness.js";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";

let project: FixtureProject;
beforeAll(() => {
  project = createFixtureProject();
});
afterAll(() => {
  project.remove();
});

function run(argv: string[], script: Script, signals?: EventEmitter) {
  const { services, log } = fakeServices(script);
  return {
    log,
    result: cli(argv, { cwd: project.dir, services, ...(signals ? { signals } : {}) }),
  };
}

describe("exit codes", () => {
  it("is 0 on success", async () => {
    expect((await run(["weather", "fetch"], () => [status("success")]).result).code).toBe(0);
  });

  it("is 1 when the command failed", async () => {
    const { result } = run(["weather", "fail"], () => [
      status("failed", { error: { code: "CAIRN_HANDLER_FAILED", message: "boom" } }),
    ]);
    expect((await result).code).toBe(1);
  });

  it("is 1 for a missing record (404), 2 for a bad value found while running", async () => {
    const notFound = run(["station", "get", "x"], () => [
      status("failed", { error: { code: "CAIRN_RECORD_NOT_FOUND", message: "no station x" } }),
    ]);
    expect((await notFound.result).code).toBe(1);
    const invalid = run(["station", "save", "x", "elevation=high"], () => [
      status("failed", { error: { code: "CAIRN_RECORD_INVALID", message: "elevation" } }),
    ]);
    expect((await invalid.result).code).toBe(2);
  });

  it("is 2 when the runtime rejects the parameters, showing code, message and hint", async () => {
    const { result, log } = run(["weather", "fetch", "days=0"], () => {
      throw ParameterInvalid.create("days must be at least 1", { hint: "Give days=1 or more." });
    });
    const { code, stderr, stdout } = await result;
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "error CAIRN_PARAMETER_INVALID: days must be at least 1\nhint: Give days=1 or more.\n",
    );
    expect(log.closed).toBe(1);
  });

  it("is 2 for an option cairn scheduler does not have, before it opens anything", async () => {
    const { result, log } = run(["scheduler", "--concurrency", "3"], () => [status("success")]);
    const { code, stderr } = await result;
    expect(code).toBe(2);
    expect(stderr).toContain("error CAIRN_USAGE: unknown option '--concurrency'");
    expect(log.opened).toBe(0);
  });

  it("is 2 outside a project, with a hint to init", async () => {
    const { result } = run(["--project", "/nonexistent", "station", "list"], () => []);
    const { code, stderr } = await result;
    expect(code).toBe(2);
    expect(stderr).toContain("error CAIRN_PROJECT_NOT_FOUND");
    expect(stderr).toContain("cairn init");
  });

  it("is 2 for a broken spec, naming the file", async () => {
    const broken = createFixtureProject({
      "spec/bad.yml": "models:\n  x:\n    fields:\n      a: {type: strng}\n",
    });
    try {
      const { services } = fakeServices(() => []);
      const { code, stderr } = await cli(["station", "list"], { cwd: broken.dir, services });
      expect(code).toBe(2);
      expect(stderr).toContain("spec/bad.yml");
    } finally {
      broken.remove();
    }
  });
});

/** A run that emits one message, then waits for the abort signal before ending. */
function abortable(onAbort: MessageBody[] | "never"): Script {
  return (request) =>
    (async function* (): AsyncGenerator<MessageBody> {
      yield { type: "info", text: "working" };
      if (onAbort === "never") {
        await new Promise(() => undefined);
        return;
      }
      await new Promise((resolve) => request.signal?.addEventListener("abort", resolve));
      yield* onAbort;
    })();
}

describe("Ctrl-C", () => {
  it("aborts the execution on the first SIGINT, waits for it and exits 130", async () => {
    const signals = new EventEmitter();
    const { result, log } = run(
      ["weather", "fetch"],
      abortable([
        status("aborted", { error: { code: "CAIRN_EXECUTION_ABORTED", message: "aborted" } }),
      ]),
      signals,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    signals.emit("SIGINT");
    const { code, stdout, stderr } = await result;
    expect(code).toBe(130);
    expect(stdout).toBe("working\n");
    expect(stderr).toContain("aborting...");
    expect(stderr).toContain("aborted: aborted");
    expect(log.requests[0]?.signal?.aborted).toBe(true);
    expect(log.closed).toBe(1);
    expect(signals.listenerCount("SIGINT")).toBe(0);
  });

  it("exits 130 at once on the second SIGINT", async () => {
    const signals = new EventEmitter();
    const { result } = run(["weather", "fetch"], abortable("never"), signals);
    await new Promise((resolve) => setTimeout(resolve, 50));
    signals.emit("SIGINT");
    signals.emit("SIGINT");
    expect((await result).code).toBe(130);
    expect(signals.listenerCount("SIGINT")).toBe(0);
  });
});
