import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docSteps, readDoc } from "./doc-commands.js";
import { describeStep, DocSession } from "./doc-session.js";

export interface DocTestOptions {
  /** The session the document's commands run in. */
  readonly session: () => DocSession;
  /** Runs before the first step (e.g. migrate and load sample data). */
  readonly setup?: (session: DocSession) => Promise<void>;
  /** Runs after the last step, before the session's directory is removed. */
  readonly teardown?: (session: DocSession) => Promise<void>;
}

/**
 * One test per command line of a document's ```sh blocks, replayed in order in one
 * session: a cairn command is expected to exit with 0 or with the code its `# exits N`
 * comment gives, a curl request to answer 2xx or the status its `# status N` comment
 * gives. A line the tests do not understand fails the file as it loads.
 */
export function describeDoc(path: string, options: DocTestOptions): void {
  const steps = docSteps(readDoc(path));
  describe(path, () => {
    let session: DocSession;
    beforeAll(async () => {
      session = options.session();
      await options.setup?.(session);
    });
    afterAll(async () => {
      try {
        await options.teardown?.(session);
      } finally {
        session.close();
      }
    });

    it("has commands", () => {
      const runnable = steps.filter((step) => step.kind === "cairn" || step.kind === "curl");
      expect(runnable.length).toBeGreaterThan(0);
    });

    for (const step of steps) {
      const title = `${describeStep(step)}${step.kind === "skip" ? ` (not run: ${step.why})` : ""}`;
      it(title, async () => {
        const result = await session.run(step);
        if (result === undefined) return;
        if (step.kind === "curl") {
          const status = step.status;
          const message = `${describeStep(step)}\nanswered ${result.code}: ${result.stdout}`;
          if (status === undefined) expect(result.code, message).toBeGreaterThanOrEqual(200);
          if (status === undefined) expect(result.code, message).toBeLessThan(300);
          else expect(result.code, message).toBe(status);
          return;
        }
        if (step.kind !== "cairn") return;
        expect(
          { code: result.code, stderr: result.stderr },
          `${describeStep(step)}\nstdout:\n${result.stdout}`,
        ).toMatchObject({ code: step.exitCode });
      });
    }
  });
}

/** Migrates a copy of the example project and loads the sample data the docs query. */
export async function prepareWeather(session: DocSession, dir: string): Promise<void> {
  for (const argv of [
    ["db", "migrate"],
    ["weather", "sample", "stations=4", "days=60"],
  ]) {
    const result = await session.cairn(argv, { dir });
    if (result.code !== 0) throw new Error(`cairn ${argv.join(" ")} failed:\n${result.stderr}`);
  }
}
