import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./support/cli-harness.js";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";

/**
 * The CLI on a real project with the real runtime: SQLite in the project's .cairn/,
 * TypeScript handlers in isolates. Tests run in order and build on each other.
 */
let project: FixtureProject;
const run = (...argv: string[]) => cli(argv, { cwd: project.dir });
const json = async (...argv: string[]): Promise<unknown> => {
  const result = await run(...argv, "--format", "json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

beforeAll(() => {
  project = createFixtureProject();
});
afterAll(() => {
  project.remove();
});

describe("cairn on a fixture project", () => {
  it("db plan shows and db migrate applies the schema", async () => {
    const plan = await run("db", "plan");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("create table station");
    const migrate = await run("db", "migrate");
    expect(migrate.code).toBe(0);
    expect((await run("db", "plan")).stdout).not.toContain("create table");
  });

  it("saves, lists and gets records", async () => {
    const saved = await run("station", "save", "03005", "name=Bern", "elevation=553");
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain("created station 03005");
    expect(
      await json("station", "save", "06610", "name=Payerne, VD", "elevation=490"),
    ).toMatchObject({ number: "06610", name: "Payerne, VD", elevation: 490 });

    expect(await json("station", "list", "--order", "-number", "--fields", "number,name")).toEqual([
      { number: "06610", name: "Payerne, VD" },
      { number: "03005", name: "Bern" },
    ]);
    expect(await json("station", "list", "elevation__gt=500")).toMatchObject([{ number: "03005" }]);

    const got = await run("station", "get", "03005");
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/│ name +│ Bern +│/);

    const csv = await run("station", "list", "--fields", "number,name", "--format", "csv");
    expect(csv.stdout).toBe('number,name\r\n03005,Bern\r\n06610,"Payerne, VD"\r\n');

    expect(
      await json("observation", "save", "2024-01-01", "station=03005", "temp=-2.5"),
    ).toMatchObject({ date: "2024-01-01", temp: -2.5 });
    expect(await json("observation", "get", "2024-01-01", "station=03005")).toMatchObject({
      temp: -2.5,
    });
  });

  it("runs a module command with a TypeScript handler", async () => {
    const result = await run(
      "weather",
      "fetch",
      "station=03005",
      "days=3",
      "--dry-run",
      "tags=a,b",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("fetching 3 days for 03005 (dry run)");
    // It reported its work, so its result is not dumped after it (json shows it).
    expect(result.stdout).not.toContain("│ tags");

    const ndjson = await run("weather", "fetch", "station=06610", "--format", "json");
    const lines = ndjson.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(lines[0]).toMatchObject({ type: "info", seq: 1, text: "fetching 7 days for 06610" });
    expect(lines.at(-1)).toMatchObject({
      type: "status",
      status: "success",
      result: { days: 7, unit: "c", tags: [] },
    });
    expect(await json("station", "get", "06610")).toMatchObject({ name: "fetched" });
  });

  it("exits 1 when a handler fails, showing its error and stack", async () => {
    const result = await run("weather", "fail");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("about to fail");
    expect(result.stderr).toContain("CAIRN_HANDLER_FAILED");
    expect(result.stderr).toContain("the sky fell");
    expect(result.stderr).toContain("weather.ts");
  });

  it("exits 2 for a bad parameter and writes nothing", async () => {
    const before = (await json("execution", "list")) as unknown[];
    const days = await run("weather", "fetch", "station=03005", "days=0");
    expect(days.code).toBe(2);
    expect(days.stderr).toContain("CAIRN_PARAMETER_INVALID");
    const unknownStation = await run("weather", "fetch", "station=99999");
    expect(unknownStation.code).toBe(2);
    const elevation = await run("station", "save", "77777", "elevation=high");
    expect(elevation.code).toBe(2);
    expect(await json("execution", "list")).toHaveLength(before.length + 1);
    expect(await json("station", "list", "number=77777")).toEqual([]);
  });

  it("lists executions", async () => {
    const rows = (await json(
      "execution",
      "list",
      "--fields",
      "command,status,origin,user",
      "command=weather fail",
    )) as unknown[];
    expect(rows).toEqual([
      { command: "weather fail", status: "failed", origin: "cli", user: "admin" },
    ]);
    const table = await run("execution", "list", "--limit", "3");
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("execution list");
  });

  it("runs the project that cairn init writes", async () => {
    const dir = join(project.dir, "starter");
    expect((await cli(["init", dir], { cwd: project.dir })).code).toBe(0);
    const here = (...argv: string[]) => cli(argv, { cwd: dir });
    expect((await here("db", "migrate")).code).toBe(0);
    expect((await here("note", "save", "first", "text=hi")).code).toBe(0);
    const hello = await here("hello", "name=you");
    expect(hello.code).toBe(0);
    expect(hello.stdout).toBe("Hello, you!\nThis project has 1 note.\n");
  });

  it("refuses clear without --force (exit 2), then clears", async () => {
    const refused = await run("observation", "clear");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--force");
    const cleared = await run("observation", "clear", "--force");
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain("removed 1 observation record");
  });
});
