import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/foundations/settings.js";
import { openRuntime } from "../../src/runtime/index.js";
import { prepareWeather } from "./support/describe-doc.js";
import { readDoc } from "./support/doc-commands.js";
import { DocSession } from "./support/doc-session.js";
import { describeServedDoc } from "./support/describe-served-doc.js";

// Every sh line of docs/scheduling.md, in order, with its curl lines served.
describeServedDoc("docs/scheduling.md");

describe("docs/scheduling.md: the spec's schedules", () => {
  let session: DocSession;
  let dir: string;
  beforeAll(async () => {
    session = DocSession.withWeatherExample();
    dir = join(session.root, "examples", "weather");
    await prepareWeather(session, dir);
  });
  afterAll(() => {
    session.close();
  });

  it("stores the documented schedules: checked out, one paused as written", async () => {
    const block = [...readDoc("docs/scheduling.md").matchAll(/^```yaml\n([\s\S]*?)^```$/gm)]
      .map((match) => match[1] ?? "")
      .find((text) => text.includes("schedules:"));
    expect(block).toBeDefined();
    writeFileSync(join(dir, "spec", "schedules.yml"), block ?? "");
    const runtime = await openRuntime(loadSettings({ env: {}, cwd: dir }));
    try {
      const sync = await runtime.syncSpecSchedules();
      expect(sync).toMatchObject({
        created: ["retention", "morning-summary", "yearly-sample"],
        invalid: [],
      });
      const listed = await session.cairn(["schedule", "list", "--format", "json"], { dir });
      expect(JSON.parse(listed.stdout)).toEqual([
        expect.objectContaining({ name: "morning-summary", origin: "spec", paused: false }),
        expect.objectContaining({ name: "retention", command: "retention purge", origin: "spec" }),
        expect.objectContaining({
          name: "yearly-sample",
          paused: true,
          paused_reason: expect.stringMatching(
            /^spec: paused in spec\/schedules\.yml:\d+/,
          ) as unknown,
        }),
      ]);
    } finally {
      await runtime.close();
    }
  });
});
