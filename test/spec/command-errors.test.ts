import { describe, expect, it } from "vitest";
import { loadProjectSpec } from "../../src/spec/index.js";
import { loadError, writeProject } from "./support/fixture-project.js";

const lines = (...text: string[]): string => text.join("\n");
const HANDLERS = { "handlers/run.ts": "export async function run() {}\n" };

function commandError(commands: string, models = "") {
  return loadError(writeProject({ "commands.yml": commands, "models.yml": models }, HANDLERS));
}

describe("command errors", () => {
  it("checks that the handler file exists and has a known extension", async () => {
    const error = await commandError(
      lines(
        "commands:",
        "  a: {handler: handlers/missing.ts#run}",
        "  b: {handler: handlers/run.py#run}",
        "  c: {handler: 'handlers/run.ts#not-a-name'}",
      ),
    );
    expect(error.message).toContain(
      "handler file 'handlers/missing.ts' does not exist (looked for ",
    );
    expect(error.message).toContain("in spec/commands.yml:2 commands.a.handler");
    expect(error.message).toContain(
      "handler file 'handlers/run.py' must end in .ts, .js, .mjs in spec/commands.yml:3",
    );
    expect(error.message).toContain(
      "handler export 'not-a-name' is not a JavaScript name in spec/commands.yml:4",
    );
  });

  it("keeps the CLI's own first words for the CLI", async () => {
    const error = await commandError(
      lines("commands:", "  serve:", "    now: {handler: handlers/run.ts#run}"),
      lines("models:", "  help:", "    fields:", "      name: string"),
    );
    expect(error.message).toContain(
      "command 'serve now' starts with 'serve', a word the CLI keeps for itself in spec/commands.yml:3",
    );
    expect(error.message).toContain("model 'help' starts with 'help'");
  });

  it("suggests the closest command option", async () => {
    const error = await commandError(
      lines("commands:", "  run:", "    handler: handlers/run.ts#run", "    retires: 2"),
    );
    expect(error.code).toBe("CAIRN_SPEC_UNKNOWN_KEY");
    expect(error.message).toBe(
      "unknown command option 'retires' in spec/commands.yml:4 commands.run.retires; did you mean 'retries'?",
    );
  });

  it("explains a command without a handler", async () => {
    const error = await commandError(
      lines("commands:", "  weather:", "    fetch:", "      handlr: handlers/run.ts#run"),
    );
    expect(error.message).toContain(
      "command 'weather fetch' has no 'handler' in spec/commands.yml:3 commands.weather.fetch",
    );
    expect(error.message).toContain(
      "unknown command option 'handlr' in spec/commands.yml:4 commands.weather.fetch.handlr; did you mean 'handler'?",
    );
  });

  it("keeps builtin and record to the core module", async () => {
    const error = await commandError(
      lines("commands:", "  run: {builtin: db.plan, record: false}"),
    );
    expect(error.message).toContain(
      "'builtin' is only allowed in the core module in spec/commands.yml:2",
    );
    expect(error.message).toContain(
      "'record' is only allowed in the core module in spec/commands.yml:2",
    );
  });

  it("checks numeric options and roles", async () => {
    const error = await commandError(
      lines(
        "commands:",
        "  run:",
        "    handler: handlers/run.ts#run",
        "    retries: -1",
        "    timeout: 0",
        "    roles: [admn]",
      ),
    );
    expect(error.message).toContain(
      "'retries' must be a whole number of at least 0, not -1 in spec/commands.yml:4",
    );
    expect(error.message).toContain(
      "'timeout' must be more than 0 seconds, not 0 in spec/commands.yml:5",
    );
    expect(error.message).toContain(
      "unknown role 'admn' in spec/commands.yml:6 commands.run.roles; did you mean 'admin'?",
    );
  });

  it("checks parameters", async () => {
    const error = await commandError(
      lines(
        "commands:",
        "  run:",
        "    handler: handlers/run.ts#run",
        "    parameters:",
        "      a: {type: intger}",
        "      b: {type: key}",
        "      c: {type: key, model: statin}",
        "      d: {type: string, model: station}",
        "      e: {type: flag, required: true}",
        "      f: {type: integer, default: x}",
        "      g: {type: string, requird: true}",
        "      h: {type: integer, multiple: true, default: [1, x]}",
      ),
      lines("models:", "  station: {fields: {name: string}}"),
    );
    expect(error.message).toContain(
      "unknown parameter type 'intger' in spec/commands.yml:5 commands.run.parameters.a.type; did you mean 'integer'?",
    );
    expect(error.message).toContain("a key parameter needs a 'model' in spec/commands.yml:6");
    expect(error.message).toContain(
      "unknown model 'statin' in spec/commands.yml:7 commands.run.parameters.c.model; did you mean 'station'?",
    );
    expect(error.message).toContain(
      "'model' only applies to key parameters, not string in spec/commands.yml:8",
    );
    expect(error.message).toContain("a flag cannot be 'required' in spec/commands.yml:9");
    expect(error.message).toContain('default "x" is not a whole number in spec/commands.yml:10');
    expect(error.message).toContain("unknown parameter option 'requird' in spec/commands.yml:11");
    expect(error.message).toContain('default "x" is not a whole number in spec/commands.yml:12');
  });

  it("keeps resource command paths to their models", async () => {
    const error = await commandError(
      lines(
        "commands:",
        "  station:",
        "    list: {handler: handlers/run.ts#run}",
        "    export: {handler: handlers/run.ts#run}",
        "  tag: {handler: handlers/run.ts#run}",
      ),
      lines("models:", "  station: {fields: {name: string}}", "  tag: {fields: {name: string}}"),
    );
    expect(error.code).toBe("CAIRN_SPEC_DUPLICATE");
    expect(error.message).toContain(
      "command 'station list' clashes with a resource command of model 'station' in spec/commands.yml:3",
    );
    expect(error.message).toContain(
      "command 'tag' is also the group of 'tag list' in spec/commands.yml:5",
    );
    expect(error.message).not.toContain("station export");
  });

  it("reports a command defined twice across files", async () => {
    const error = await loadError(
      writeProject(
        {
          "a.yml": lines("commands:", "  run: {handler: handlers/run.ts#run}"),
          "b.yml": lines("commands:", "  run: {handler: handlers/run.ts#run}"),
        },
        HANDLERS,
      ),
    );
    expect(error.message).toBe(
      "command 'run' is defined twice in spec/b.yml:2 commands.run (first in spec/a.yml:2 commands.run)",
    );
  });

  it("inherits from command mixins and removes parameters set to null", async () => {
    const dir = writeProject(
      {
        "commands.yml": lines(
          "command_mixins:",
          "  slow:",
          "    background: true",
          "    retries: 2",
          "    parameters:",
          "      days: {type: integer, default: 7}",
          "      verbose: flag",
          "commands:",
          "  run:",
          "    mixins: [slow]",
          "    handler: handlers/run.ts#run",
          "    retries: 5",
          "    parameters:",
          "      verbose: null",
          "      station: string",
          "  again:",
          "    base: run",
          "    help: the same again",
        ),
      },
      HANDLERS,
    );
    const spec = await loadProjectSpec(dir);
    const run = spec.commands.get("run");
    expect(run).toMatchObject({ background: true, retries: 5 });
    expect([...(run?.parameters.keys() ?? [])]).toEqual(["days", "station"]);
    const again = spec.commands.get("again");
    expect(again).toMatchObject({ help: "the same again", retries: 5, handler: { export: "run" } });
  });

  it("suggests the closest command mixin", async () => {
    const error = await commandError(
      lines("command_mixins:", "  slow: {background: true}", "commands:", "  run: {mixins: [slw]}"),
    );
    expect(error.message).toContain(
      "unknown command mixin 'slw' in spec/commands.yml:4 commands.run.mixins[0]; did you mean 'slow'?",
    );
  });
});
