import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, fakeServices, status } from "./support/cli-harness.js";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";

let project: FixtureProject;
const { services, log } = fakeServices(() => [status("success")]);
const run = (argv: string[]) => cli(argv, { cwd: project.dir, services });

beforeAll(() => {
  project = createFixtureProject();
});
afterAll(() => {
  project.remove();
});

/** The command names listed under one heading of the top-level help. */
function section(help: string, heading: string): string[] {
  const start = help.indexOf(`${heading}\n`);
  if (start < 0) return [];
  const block = help.slice(start + heading.length + 1).split("\n\n")[0] ?? "";
  return block
    .split("\n")
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => line.trim().split(/\s+/)[0] ?? "");
}

describe("top-level help", () => {
  it("lists the commands grouped when run with no arguments", async () => {
    const result = await run([]);
    expect(result.code).toBe(0);
    expect(section(result.stdout, "Project:")).toEqual(["init", "db"]);
    expect(section(result.stdout, "Data models:")).toEqual(["station", "observation"]);
    expect(section(result.stdout, "Module commands:")).toEqual(["weather"]);
    expect(section(result.stdout, "Platform:")).toEqual([
      "user",
      "group",
      "token",
      "audit_entry",
      "config",
      "execution",
      "execution_message",
      "lock",
      "notification",
      "webhook",
      "scheduler_lease",
      "schedule",
      "queue_worker",
      "audit",
      "retention",
      "keys",
      "serve",
      "host",
      "worker",
      "scheduler",
      "help",
    ]);
    expect(result.stdout).toContain("--format <format>");
    expect(log.opened).toBe(0);
  });

  it("is the same with --help", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(section(result.stdout, "Data models:")).toEqual(["station", "observation"]);
  });

  it("outside a project lists the project-less commands and says how to start", async () => {
    const empty = mkdtempSync(join(tmpdir(), "cairn-empty-"));
    try {
      const result = await cli([], { cwd: empty, services });
      expect(result.code).toBe(0);
      expect(section(result.stdout, "Project:")).toEqual(["init"]);
      expect(result.stdout).toContain("No cairn.yml here");
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it("prints the version", async () => {
    const result = await run(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("shows a group's commands", async () => {
    const result = await run(["station"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: cairn station <command>");
    for (const verb of ["list", "get", "save", "remove", "clear"]) {
      expect(result.stdout).toContain(`  ${verb} `);
    }
  });
});

describe("command help from the spec", () => {
  it("shows usage, help and each parameter's type, default, choices and limits", async () => {
    const result = await run(["weather", "fetch", "--help"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("Usage: cairn weather fetch [name=value ...] [--flags]");
    expect(result.stdout).toContain("Fetch observations for a station");
    const row = (name: string) => lines.find((l) => l.trimStart().startsWith(name)) ?? "";
    expect(row("station=KEY")).toMatch(/station=KEY\s+station key\s+the station to fetch/);
    expect(row("days=INTEGER")).toMatch(/integer\s+default 7, min 1, max 30/);
    expect(row("--dry-run")).toMatch(/flag\s+only say what would happen/);
    expect(row("tags=STRING,...")).toMatch(/list of string/);
    expect(row("unit=STRING")).toContain('default "c", one of "c"|"f"');
    expect(log.opened).toBe(0);
  });

  it("answers 'cairn help <command path>' like --help", async () => {
    const result = await run(["help", "weather", "fetch"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(
      "Usage: cairn weather fetch [name=value ...] [--flags]",
    );
  });

  it("shows the key, required scope and list options of resource commands", async () => {
    const get = await run(["observation", "get", "--help"]);
    expect(get.stdout.split("\n")[0]).toBe("Usage: cairn observation get KEY station=KEY");
    expect(get.stdout).toMatch(/KEY\s+string\s+required\s+the observation's date/);

    const list = await run(["station", "list", "-h"]);
    expect(list.stdout.split("\n")[0]).toBe(
      "Usage: cairn station list [path__op=value ...] [--order ...]",
    );
    expect(list.stdout).toMatch(/--order STRING,\.\.\.\s+list of string/);
    expect(list.stdout).toMatch(/--limit INTEGER\s+integer\s+min 0/);
    expect(list.stdout).toMatch(/--filter EXPR\s+string\s+boolean filter/);
    expect(list.stdout).toContain("Filters:");
  });
});

describe("unknown commands", () => {
  it("exit 2 with the closest names", async () => {
    const top = await run(["statoin", "list"]);
    expect(top.code).toBe(2);
    expect(top.stderr).toContain(
      "error CAIRN_USAGE: unknown command 'statoin'; did you mean 'station'?",
    );
    expect(top.stdout).toBe("");

    const below = await run(["station", "lsit"]);
    expect(below.code).toBe(2);
    expect(below.stderr).toContain("unknown command 'station lsit'; did you mean 'list'?");
    expect(below.stderr).toContain("hint: Run 'cairn station --help'");
  });

  it("answer in JSON on stderr with --format json", async () => {
    const result = await run(["--format", "json", "statoin"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: "CAIRN_USAGE" } });
  });

  it("report an unknown global option", async () => {
    const result = await run(["--colour", "station", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--colour'");
  });
});
