import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandArguments } from "../../src/faces/cli/command-arguments.js";
import { scanGlobalOptions } from "../../src/faces/cli/global-options.js";
import { UsageInvalid } from "../../src/foundations/error-codes.js";
import type { ProjectSpec } from "../../src/spec/project-spec.js";
import { loadProjectSpec } from "../../src/spec/index.js";
import { cli, fakeServices, status } from "./support/cli-harness.js";
import { createFixtureProject, type FixtureProject } from "./support/fixture-project.js";

let project: FixtureProject;
let spec: ProjectSpec;

beforeAll(async () => {
  project = createFixtureProject();
  spec = await loadProjectSpec(project.dir);
});
afterAll(() => {
  project.remove();
});

function parse(command: string, words: string[]) {
  const definition = spec.commands.get(command);
  if (definition === undefined) throw new Error(`no command ${command}`);
  return parseCommandArguments(words, definition);
}

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (UsageInvalid.is(error)) return error.message;
    throw error;
  }
  throw new Error("expected a usage error");
}

describe("command arguments", () => {
  it("reads name=value pairs as strings, keeping '=' inside values", () => {
    expect(parse("weather fetch", ["station=03005", "days=3", "unit=c=x"])).toEqual({
      station: "03005",
      days: "3",
      unit: "c=x",
    });
  });

  it("reads flags with dashes or underscores", () => {
    expect(parse("weather fetch", ["--dry-run"])).toEqual({ dry_run: true });
    expect(parse("weather fetch", ["--dry_run"])).toEqual({ dry_run: true });
    expect(parse("weather fetch", ["--dry-run=false"])).toEqual({ dry_run: "false" });
    expect(parse("weather fetch", ["dry-run=yes"])).toEqual({ dry_run: "yes" });
  });

  it("passes lists comma-separated and joins repeated list parameters", () => {
    expect(parse("weather fetch", ["tags=a,b"])).toEqual({ tags: "a,b" });
    expect(parse("weather fetch", ["tags=a", "tags=b"])).toEqual({ tags: "a,b" });
  });

  it("takes the first bare word as the key", () => {
    expect(parse("station get", ["03005"])).toEqual({ key: "03005" });
    expect(parse("station save", ["03005", "name=Bern", "elevation=-3.5"])).toEqual({
      key: "03005",
      name: "Bern",
      elevation: "-3.5",
    });
    expect(parse("observation get", ["2024-01-01", "station=03005"])).toEqual({
      key: "2024-01-01",
      station: "03005",
    });
  });

  it("maps list options and passes filters through", () => {
    expect(
      parse("station list", [
        "--order",
        "-name,number",
        "--limit",
        "5",
        "--offset=10",
        "--fields",
        "number,name",
        "name__startswith=B",
        "elevation__gte=500",
      ]),
    ).toEqual({
      order: "-name,number",
      limit: "5",
      offset: "10",
      fields: "number,name",
      name__startswith: "B",
      elevation__gte: "500",
    });
    expect(parse("station list", ["filter=or(name=a,name=b)"])).toEqual({
      filter: "or(name=a,name=b)",
    });
    expect(parse("station clear", ["--filter", "or(name=a)", "--force"])).toEqual({
      filter: "or(name=a)",
      force: true,
    });
  });

  it("reads --field alone as true for boolean fields", () => {
    expect(parse("station save", ["x", "--active"])).toEqual({ key: "x", active: true });
    expect(parse("station save", ["x", "active=no"])).toEqual({ key: "x", active: "no" });
  });

  it("rejects bad syntax with a hint", () => {
    expect(usageMessage(() => parse("weather fetch", ["--dryrun"]))).toBe(
      "unknown option '--dryrun'; did you mean '--dry-run'?",
    );
    expect(usageMessage(() => parse("station get", ["a", "b"]))).toBe("unexpected argument 'b'");
    expect(usageMessage(() => parse("weather fetch", ["days=1", "days=2"]))).toBe(
      "parameter 'days' is given twice",
    );
    expect(usageMessage(() => parse("station list", ["--limit"]))).toBe(
      "option '--limit' needs a value",
    );
    expect(usageMessage(() => parse("weather fetch", ["-x"]))).toBe("unknown option '-x'");
  });
});

describe("global options", () => {
  it("are read anywhere before --", () => {
    expect(scanGlobalOptions(["station", "list", "--format", "json", "--no-color"], {})).toEqual({
      format: "json",
      color: false,
    });
    expect(scanGlobalOptions(["--project=/x", "--format=csv"], {}).project).toBe("/x");
    expect(scanGlobalOptions([], { NO_COLOR: "1" }).color).toBe(false);
  });

  it("reject an unknown format", () => {
    expect(() => scanGlobalOptions(["--format", "xml"], {})).toThrow(/not a known format/);
  });
});

describe("through the CLI", () => {
  it("sends the parsed request to the runtime from the cli, with no principal: the local admin", async () => {
    const { services, log } = fakeServices(() => [status("success")]);
    const result = await cli(
      ["weather", "fetch", "station=03005", "--dry-run", "--format", "json", "tags=x,y"],
      { cwd: project.dir, services },
    );
    expect(result.code).toBe(0);
    expect(log.requests).toEqual([
      {
        command: "weather fetch",
        parameters: { station: "03005", dry_run: true, tags: "x,y" },
        origin: "cli",
        signal: expect.any(AbortSignal) as AbortSignal,
      },
    ]);
    expect(log.closed).toBe(1);
  });

  it("finds the project from --project or CAIRN_PROJECT", async () => {
    const { services, log } = fakeServices(() => [status("success")]);
    expect(
      (await cli(["--project", project.dir, "station", "get", "1"], { cwd: "/", services })).code,
    ).toBe(0);
    expect(
      (
        await cli(["station", "get", "1"], {
          cwd: "/",
          env: { CAIRN_PROJECT: project.dir },
          services,
        })
      ).code,
    ).toBe(0);
    expect(log.requests.map((r) => r.parameters)).toEqual([{ key: "1" }, { key: "1" }]);
  });

  it("reports a usage error with exit 2 before opening the runtime", async () => {
    const { services, log } = fakeServices(() => [status("success")]);
    const result = await cli(["weather", "fetch", "--dryrun"], { cwd: project.dir, services });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error CAIRN_USAGE: unknown option '--dryrun'; did you mean '--dry-run'?",
    );
    expect(result.stderr).toContain("hint: Run 'cairn weather fetch --help'");
    expect(log.opened).toBe(0);
  });
});
