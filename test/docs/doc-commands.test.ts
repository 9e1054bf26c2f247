import { describe, expect, it } from "vitest";
import { docSteps, shellLines, splitShellLine } from "./support/doc-commands.js";
import { DocSession } from "./support/doc-session.js";

const words = (text: string): unknown[] =>
  splitShellLine(text, { PWD: "/repo" }).tokens.map((t) => ("word" in t ? t.word : t));

describe("doc command extraction", () => {
  it("splits words as sh does: quotes, escapes, variables, comments", () => {
    expect(words(`cairn save x name="Roof garden" v='"a, b"' w=a\\ b # note`)).toEqual([
      "cairn",
      "save",
      "x",
      "name=Roof garden",
      'v="a, b"',
      "w=a b",
    ]);
    expect(words(`alias cairn="node $PWD/bin/cairn.js"`)).toEqual([
      "alias",
      "cairn=node /repo/bin/cairn.js",
    ]);
    expect(splitShellLine("cairn worker   # exits 2: later", {}).comment).toBe("exits 2: later");
  });

  it("reads only sh blocks, joining continued lines", () => {
    const markdown = [
      "```yaml",
      "cairn: not a command",
      "```",
      "```sh",
      "cairn station list \\",
      "  --limit 2",
      "```",
      "```text",
      "cairn nope",
      "```",
    ].join("\n");
    expect(shellLines(markdown)).toEqual([{ line: 5, text: "cairn station list --limit 2" }]);
  });

  it("turns lines into steps with exit codes, variables, redirections and &&", () => {
    const steps = docSteps(
      [
        "```sh",
        "npm ci && npm run build",
        "cairn init p && cd p",
        "CAIRN_ISOLATES=1 cairn station list --format csv > s.csv   # exits 2",
        "export CAIRN_PORT=9000",
        "```",
      ].join("\n"),
    );
    expect(steps.map((s) => s.kind)).toEqual(["skip", "skip", "cairn", "cd", "cairn", "export"]);
    expect(steps[4]).toMatchObject({
      env: { CAIRN_ISOLATES: "1" },
      argv: ["station", "list", "--format", "csv"],
      redirect: "s.csv",
      exitCode: 2,
    });
  });

  it("refuses commands and shell forms it does not understand", () => {
    const block = (line: string) => docSteps(`\`\`\`sh\n${line}\n\`\`\``);
    expect(() => block("npx cairn station list")).toThrow(/'npx' is not a command/);
    expect(() => block("cairn station list --format json | jq .")).toThrow(/'\|'/);
    expect(() => block("curl localhost:8000/status")).toThrow(/'curl'/);
    expect(() => block('alias c="node bin/cairn.js"')).toThrow(/only alias/);
    expect(() => block("cairn station list $(echo x)")).toThrow(/'\$'/);
  });
});

describe("doc session", () => {
  it("runs cairn in-process and reports its exit code", async () => {
    const session = DocSession.empty();
    try {
      const [step] = docSteps("```sh\ncairn worker\n```");
      if (step === undefined) throw new Error("no step");
      expect(await session.run(step)).toMatchObject({ code: 2 });
      const [cd] = docSteps("```sh\ncd missing\n```");
      if (cd === undefined) throw new Error("no step");
      await expect(session.run(cd)).rejects.toThrow(/no directory/);
    } finally {
      session.close();
    }
  });
});
