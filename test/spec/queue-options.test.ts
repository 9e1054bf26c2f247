import { describe, expect, it } from "vitest";
import { loadProjectSpec } from "../../src/spec/index.js";
import { loadError, writeProject } from "./support/fixture-project.js";

const lines = (...text: string[]): string => text.join("\n");
const HANDLERS = { "handlers/run.ts": "export async function run() {}\n" };

describe("queue options of commands", () => {
  it("reads background, queue, priority, retries and retry_backoff", async () => {
    const dir = writeProject(
      {
        "commands.yml": lines(
          "commands:",
          "  run:",
          "    handler: handlers/run.ts#run",
          "    background: true",
          "    queue: reports",
          "    priority: 3",
          "    retries: 2",
          "    retry_backoff: 0.5",
          "  plain: {handler: handlers/run.ts#run}",
        ),
      },
      HANDLERS,
    );
    const spec = await loadProjectSpec(dir);
    expect(spec.commands.get("run")).toMatchObject({
      background: true,
      queue: "reports",
      priority: 3,
      retries: 2,
      retryBackoff: 0.5,
    });
    const plain = spec.commands.get("plain");
    expect(plain).toMatchObject({ background: false, retries: 0 });
    expect(plain?.priority).toBeUndefined();
    expect(plain?.retryBackoff).toBeUndefined();
  });

  it("refuses a negative priority or backoff", async () => {
    const error = await loadError(
      writeProject(
        {
          "commands.yml": lines(
            "commands:",
            "  run:",
            "    handler: handlers/run.ts#run",
            "    priority: -1",
            "    retry_backoff: -2",
          ),
        },
        HANDLERS,
      ),
    );
    expect(error.message).toContain("'priority' must be a whole number of at least 0, not -1");
    expect(error.message).toContain("'retry_backoff' must be at least 0 seconds, not -2");
  });

  it("keeps queue, async, local and priority for the run options", async () => {
    const error = await loadError(
      writeProject(
        {
          "commands.yml": lines(
            "commands:",
            "  run:",
            "    handler: handlers/run.ts#run",
            "    parameters:",
            "      queue: string",
            "      local: flag",
            "      priority: integer",
          ),
        },
        HANDLERS,
      ),
    );
    expect(error.message).toContain(
      "parameter name 'queue' is reserved: --queue is a run option of every command",
    );
    expect(error.message).toContain("parameter name 'local' is reserved");
    expect(error.message).toContain("parameter name 'priority' is reserved");
  });
});
