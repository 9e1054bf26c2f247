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
    expect(() => block("wget localhost:8000/status")).toThrow(/'wget'/);
    expect(() => block("curl localhost:8000/status")).toThrow(/must start with \$CAIRN_URL/);
    expect(() => block("curl -o x.csv $CAIRN_URL/data/x.csv")).toThrow(/-o is not understood/);
    expect(() => block('alias c="node bin/cairn.js"')).toThrow(/only alias/);
    expect(() => block("cairn station list $(echo x)")).toThrow(/'\$'/);
  });
});

describe("curl lines", () => {
  it("become requests to the documented server, with statuses from comments", () => {
    const steps = docSteps(
      [
        "```sh",
        "export CAIRN_ADMIN_TOKEN=t0k",
        'curl -s "$CAIRN_URL/data/station?name__startswith=B&limit=2"',
        "curl -X PATCH http://127.0.0.1:8000/data/station/1 \\",
        '  -H "Authorization: Bearer $CAIRN_ADMIN_TOKEN" -H "Content-Type: application/json" \\',
        '  -d \'{"name": "x"}\'   # status 401',
        "curl -G $CAIRN_URL/data/observation --data-urlencode 'filter=or(temp__gt=1,x=\"a b\")'",
        "curl -d 'a=1' $CAIRN_URL/data/x",
        "```",
      ].join("\n"),
    );
    expect(steps.map((step) => (step.kind === "curl" ? step.request : step.kind))).toEqual([
      "export",
      { method: "GET", url: "/data/station?name__startswith=B&limit=2", headers: {} },
      {
        method: "PATCH",
        url: "/data/station/1",
        headers: { authorization: "Bearer t0k", "content-type": "application/json" },
        body: '{"name": "x"}',
      },
      {
        method: "GET",
        url: `/data/observation?filter=${encodeURIComponent('or(temp__gt=1,x="a b")')}`,
        headers: {},
      },
      {
        method: "POST",
        url: "/data/x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "a=1",
      },
    ]);
    expect(steps[2]).toMatchObject({ status: 401 });
    expect(steps[1]).not.toHaveProperty("status");
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

  it("takes a made-up token a document exports for the one a command printed", async () => {
    const shown = `cairn_${"Madeup12".padEnd(43, "x")}`;
    const session = DocSession.empty();
    try {
      const [early] = docSteps(`\`\`\`sh\nexport T=${shown}\n\`\`\``);
      if (early === undefined) throw new Error("no step");
      await expect(session.run(early)).rejects.toThrow(/no command before it printed one/);
      const steps = docSteps(
        [
          "```sh",
          "cairn init p",
          `export T=${shown}   # the token printed above`,
          "cairn --project p token revoke cairn_Madeup12",
          "```",
        ].join("\n"),
      );
      const results = [];
      for (const step of steps) results.push(await session.run(step));
      const printed = /cairn_[A-Za-z0-9_-]{43}/.exec(results[0]?.stdout ?? "")?.[0];
      expect(printed).toBeDefined();
      expect(session.env.T).toBe(printed);
      expect(results[2]).toMatchObject({ code: 0 });
      expect(results[2]?.stdout).toContain(`revoked token ${printed?.slice(0, 14) ?? ""}`);
    } finally {
      session.close();
    }
  });
});
