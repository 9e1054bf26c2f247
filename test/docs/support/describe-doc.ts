import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docSteps, readDoc } from "./doc-commands.js";
import { describeStep, DocSession } from "./doc-session.js";

export interface DocTestOptions {
  /** The session the document's commands run in. */
  readonly session: () => DocSession;
  /** Runs before the first step (e.g. migrate and load sample data). */
  readonly setup?: (session: DocSession) => Promise<void>;
}

/**
 * One test per command line of a document's ```sh blocks, replayed in order in one
 * session, each expected to exit with 0 or with the code its `# exits N` comment gives.
 * A line the tests do not understand fails the file as it loads.
 */
export function describeDoc(path: string, options: DocTestOptions): void {
  const steps = docSteps(readDoc(path));
  describe(path, () => {
    let session: DocSession;
    beforeAll(async () => {
      session = options.session();
      await options.setup?.(session);
    });
    afterAll(() => {
      session.close();
    });

    it("has commands", () => {
      expect(steps.filter((step) => step.kind === "cairn").length).toBeGreaterThan(0);
    });

    for (const step of steps) {
      const title = `${describeStep(step)}${step.kind === "skip" ? ` (not run: ${step.why})` : ""}`;
      it(title, async () => {
        const result = await session.run(step);
        if (step.kind !== "cairn" || result === undefined) return;
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
