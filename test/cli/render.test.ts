import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCsv } from "../../src/faces/cli/render/csv.js";
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

const ROWS = [
  { number: "03005", name: "Bern", elevation: 553, attrs: { a: [1, 2] } },
  { number: "06610", name: 'Payerne, "VD"', elevation: null, attrs: null },
];

const listScript = (): MessageBody[] => [
  { type: "table", rows: ROWS, columns: ["number", "name", "elevation", "attrs"] },
  status("success", { result: ROWS }),
];

function run(argv: string[], script: Script, env: Record<string, string> = {}) {
  return cli(argv, { cwd: project.dir, services: fakeServices(script).services, env });
}

describe("csv", () => {
  it("quotes fields per RFC 4180 and ends lines with CRLF", () => {
    expect(
      toCsv([{ a: 'say "hi"', b: "x,y", c: "two\nlines", d: 1, e: null, f: { k: true } }]),
    ).toBe('a,b,c,d,e,f\r\n"say ""hi""","x,y","two\nlines",1,,"{""k"":true}"\r\n');
  });

  it("prints a list's rows once, with the header in column order", async () => {
    const result = await run(["station", "list", "--format", "csv"], listScript);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'number,name,elevation,attrs\r\n03005,Bern,553,"{""a"":[1,2]}"\r\n06610,"Payerne, ""VD""",,\r\n',
    );
  });

  it("prints a get's row from the result when no table was emitted", async () => {
    const result = await run(["station", "get", "03005", "--format=csv"], () => [
      { type: "success", text: "found" },
      status("success", { result: { number: "03005", name: "Bern" } }),
    ]);
    expect(result.stdout).toBe("number,name\r\n03005,Bern\r\n");
    expect(result.stderr).toBe("found\n");
  });

  it("prints a module command's table messages and keeps text on stderr", async () => {
    const result = await run(["--format", "csv", "weather", "report"], () => [
      { type: "info", text: "hello" },
      { type: "table", rows: [{ a: 1 }] },
      { type: "table", rows: [{ b: 2 }] },
      status("success"),
    ]);
    expect(result.stdout).toBe("a\r\n1\r\n\r\nb\r\n2\r\n");
    expect(result.stderr).toBe("hello\n");
  });
});

describe("json", () => {
  it("prints a resource command's result alone as one JSON document", async () => {
    const result = await run(["station", "list", "--format", "json"], () => [
      { type: "info", text: "not on stdout" },
      ...listScript(),
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(ROWS);
    expect(result.stderr).toBe("");
  });

  it("prints null for a resource command without a result", async () => {
    const result = await run(["station", "remove", "1", "--format", "json"], () => [
      { type: "success", text: "removed" },
      status("success"),
    ]);
    expect(result.stdout).toBe("null\n");
  });

  it("prints every message of other commands as NDJSON, the status last", async () => {
    const bodies: MessageBody[] = [
      { type: "info", text: "one" },
      { type: "progress", done: 1, total: 2 },
      status("success", { result: { n: 1 } }),
    ];
    const result = await run(["weather", "report", "--format", "json"], () => bodies);
    const lines = result.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual(
      bodies.map((b, i) => ({
        ...b,
        execution: "7",
        seq: i + 1,
        time: expect.any(String) as string,
      })),
    );
  });

  it("puts a failure on stdout's status line and as a JSON object on stderr", async () => {
    const error = { code: "CAIRN_HANDLER_FAILED", message: "the sky fell", stack: "Error: x" };
    const result = await run(["weather", "fail", "--format", "json"], () => [
      status("failed", { error }),
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: "status", status: "failed", error });
    expect(JSON.parse(result.stderr)).toEqual({ error });
  });
});

describe("table (human)", () => {
  it("colours text messages by type and sends errors to stderr with their hint", async () => {
    const script: Script = () => [
      { type: "info", text: "plain" },
      { type: "notice", text: "cyan" },
      { type: "success", text: "green" },
      { type: "warning", text: "yellow" },
      { type: "error", text: "red" },
      status("success"),
    ];
    const plain = await run(["weather", "report"], script);
    expect(plain.stdout).toBe("plain\ncyan\ngreen\nyellow\n");
    expect(plain.stderr).toBe("red\n");

    const coloured = await run(["weather", "report"], script, { FORCE_COLOR: "1", NO_COLOR: "" });
    expect(coloured.stdout).toContain("\u001b[36mcyan\u001b[39m");
    expect(coloured.stdout).toContain("\u001b[32mgreen\u001b[39m");
    expect(coloured.stdout).toContain("\u001b[33myellow\u001b[39m");
    expect(coloured.stderr).toContain("\u001b[31mred\u001b[39m");

    const off = await run(["--no-color", "weather", "report"], script, { FORCE_COLOR: "1" });
    expect(off.stdout).not.toContain("\u001b[");
  });

  it("draws tables in column order with nested values as compact JSON", async () => {
    const result = await run(["station", "list"], listScript);
    const lines = result.stdout.split("\n");
    expect(lines[1]).toMatch(/│ number │ name +│ elevation │ attrs +│/);
    expect(result.stdout).toMatch(/│ 03005 +│ Bern +│ 553 +│ \{"a":\[1,2\]\} │/);
    expect(result.stdout).toMatch(/│ 06610 +│ Payerne, "VD" │ +│ +│/);
    expect(result.stdout.match(/03005/g)).toHaveLength(1);
  });

  it("shows data as a key/value table or pretty JSON", async () => {
    const result = await run(["weather", "report"], () => [
      { type: "data", value: { number: "03005", tags: ["a"] } },
      { type: "data", value: [1, 2] },
      status("success"),
    ]);
    expect(result.stdout).toMatch(/│ number │ 03005 +│/);
    expect(result.stdout).toMatch(/│ tags +│ \["a"\] │/);
    expect(result.stdout).toContain("[\n  1,\n  2\n]");
  });

  it("shows a module command's result when it emitted no values", async () => {
    const result = await run(["weather", "fetch"], () => [
      status("success", { result: { days: 7 } }),
    ]);
    expect(result.stdout).toMatch(/│ days │ 7 │/);
  });

  it("prints progress as plain lines at each tenth when not on a terminal", async () => {
    const result = await run(["weather", "report"], () => [
      ...Array.from({ length: 100 }, (_, i): MessageBody => ({
        type: "progress",
        done: i + 1,
        total: 100,
        label: "rows",
      })),
      status("success"),
    ]);
    expect(result.stdout.trimEnd().split("\n")).toEqual([
      "rows: 1/100",
      ...[10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((n) => `rows: ${n}/100`),
    ]);
  });

  it("shows a failure once: code, message, hint and the handler's stack", async () => {
    const error = {
      code: "CAIRN_HANDLER_FAILED",
      message: "the sky fell",
      hint: "look up",
      stack: "Error: the sky fell\n    at fail (handlers/weather.ts:3:9)",
    };
    const result = await run(["weather", "fail"], () => [
      { type: "warning", text: "about to fail" },
      { type: "error", text: error.message, error },
      status("failed", { error }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("about to fail\n");
    expect(result.stderr).toBe(
      "error CAIRN_HANDLER_FAILED: the sky fell\nhint: look up\n  at fail (handlers/weather.ts:3:9)\n",
    );
  });

  it("leaves the stack out of expected errors", async () => {
    const error = {
      code: "CAIRN_RECORD_NOT_FOUND",
      message: "no station has the key 'x'",
      stack: "CairnError: no station\n    at get (read-records.ts:1:1)",
    };
    const result = await run(["station", "get", "x"], () => [status("failed", { error })]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error CAIRN_RECORD_NOT_FOUND: no station has the key 'x'\n");
  });
});
