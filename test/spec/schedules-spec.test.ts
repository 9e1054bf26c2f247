import { describe, expect, it } from "vitest";
import { loadProjectSpec } from "../../src/spec/index.js";
import { loadError, writeProject } from "./support/fixture-project.js";

const lines = (...text: string[]): string => text.join("\n");

const COMMANDS = lines(
  "commands:",
  "  weather:",
  "    fetch:",
  "      handler: handlers/fetch.ts#fetch",
  "      parameters:",
  "        station: {type: string, required: true}",
);
const HANDLERS = { "handlers/fetch.ts": "export async function fetch() {}\n" };

const project = (schedules: string) =>
  writeProject({ "commands.yml": COMMANDS, "schedules.yml": schedules }, HANDLERS);

describe("the spec's schedules section", () => {
  it("loads schedules with their values and where each key was written", async () => {
    const spec = await loadProjectSpec(
      project(
        lines(
          "schedules:",
          "  nightly-fetch:",
          "    command: weather  fetch",
          "    parameters: {station: '03005', tags: [a, b]}",
          "    schedule: cron 0 6 * * *",
          "    timezone: Europe/Paris",
          "    begin: 2027-01-01",
          "    end: 2028-01-01T00:00Z",
          "    misfire: catch_up:3",
          "    overlap: queue",
          "    user: ada",
          "    paused: true",
          "  hourly: {command: weather fetch, schedule: every 1h, parameters: {station: x}}",
        ),
      ),
    );
    const nightly = spec.schedules.get("nightly-fetch");
    expect(nightly).toMatchObject({
      name: "nightly-fetch",
      command: "weather fetch",
      parameters: { station: "03005", tags: ["a", "b"] },
      schedule: "cron 0 6 * * *",
      timezone: "Europe/Paris",
      begin: "2027-01-01",
      end: "2028-01-01T00:00Z",
      misfire: "catch_up:3",
      overlap: "queue",
      user: "ada",
      paused: true,
      module: "app",
      source: { file: "spec/schedules.yml", line: 2, path: "schedules.nightly-fetch" },
    });
    expect(nightly?.locations.schedule).toMatchObject({
      line: 5,
      path: "schedules.nightly-fetch.schedule",
    });
    expect(spec.schedules.get("hourly")).toMatchObject({
      paused: false,
      parameters: { station: "x" },
    });
    expect(Object.isFrozen(nightly)).toBe(true);
    expect(Object.isFrozen(nightly?.parameters)).toBe(true);
    expect(() => (spec.schedules as Map<string, unknown>).set("x", {})).toThrow(TypeError);
  });

  it("has only core's retention purge when no module declares any", async () => {
    const spec = await loadProjectSpec(writeProject({ "commands.yml": COMMANDS }, HANDLERS));
    expect([...spec.schedules.values()]).toEqual([
      expect.objectContaining({
        name: "retention",
        command: "retention purge",
        schedule: "every 1h",
        module: "core",
      }),
    ]);
  });

  it("reports every shape problem with its file and line", async () => {
    const error = await loadError(
      project(
        lines(
          "schedules:",
          "  'two words': {command: weather fetch, schedule: every 1h}",
          "  typo: {command: weather fetsh, schedule: every 1h}",
          "  schema: {command: db migrate, schedule: every 1h}",
          "  bare: {command: weather fetch}",
          "  nocommand: {schedule: every 1h}",
          "  odd: {command: weather fetch, schedule: every 1h, parameters: [1], paused: maybe}",
          "  extra: {command: weather fetch, schedule: every 1h, timezon: UTC}",
          "  listed: [weather fetch]",
        ),
      ),
    );
    const messages = (error.details.errors as { message: string }[]).map((e) => e.message);
    expect(messages).toEqual([
      "schedule name 'two words' must be letters, digits, '-', '.' and '_' (at most 200) in spec/schedules.yml:2 schedules.two words",
      "schedule 'typo' runs an unknown command 'weather fetsh' in spec/schedules.yml:3 schedules.typo.command; did you mean 'weather fetch'?",
      "schedule 'schema' cannot run 'db migrate': it changes the schema and is run by hand in spec/schedules.yml:4 schedules.schema.command",
      `schedule 'bare' needs 'schedule': "every 15m", "cron 0 6 * * 1-5" or "at 2026-12-25T08:00" in spec/schedules.yml:5 schedules.bare`,
      "schedule 'nocommand' needs 'command', the command it runs (such as 'weather fetch') in spec/schedules.yml:6 schedules.nocommand",
      "'parameters' must be a map of the command's parameters, not a list in spec/schedules.yml:7 schedules.odd.parameters",
      "'paused' must be true or false, not 'maybe' in spec/schedules.yml:7 schedules.odd.paused",
      "unknown schedule option 'timezon' in spec/schedules.yml:8 schedules.extra.timezon; did you mean 'timezone'?",
      "schedule 'listed' must be a map, not a list in spec/schedules.yml:9 schedules.listed",
    ]);
  });

  it("refuses one name declared twice across files", async () => {
    const error = await loadError(
      writeProject(
        {
          "commands.yml": COMMANDS,
          "a.yml": lines("schedules:", "  nightly: {command: weather fetch, schedule: every 1d}"),
          "b.yml": lines("schedules:", "  nightly: {command: weather fetch, schedule: every 2d}"),
        },
        HANDLERS,
      ),
    );
    expect(error.code).toBe("CAIRN_SPEC_DUPLICATE");
    expect(error.message).toBe(
      "schedule 'nightly' is defined twice in spec/b.yml:2 schedules.nightly (first in spec/a.yml:2 schedules.nightly)",
    );
  });
});
