import { describe, expect, it } from "vitest";
import { loadProjectSpec } from "../../src/spec/index.js";
import { writeProject } from "./support/fixture-project.js";

const MODELS = `
roles:
  weather-admin: {help: Manages stations}

model_mixins:
  described:
    fields:
      help: {type: text}
      note: {type: string, max_length: 40}

models:
  station:
    key: number
    mixins: [described]
    fields:
      number: {type: string, max_length: 20}
      name: {type: string}
      elevation: {type: float, min: -500, max: 9000, help: metres above sea level}
      kind: {type: string, choices: [manual, automatic], default: automatic}
      note: null
    roles: {view: [public], edit: [weather-admin]}
    ordering: [number]
  observation:
    key: date
    scope: [station]
    fields:
      date: {type: date, required: true}
      temp: float
      amount: {type: decimal, precision: 10, scale: 2}
      attrs: {type: json}
    relations:
      station: {model: station, required: true, on_delete: cascade}
      tags: {model: tag, multiple: true}
      reviewer: {model: person, reverse: reviewed}
    indexes: [[station, date]]
    ordering: [-date]
  tag:
    fields:
      name: {type: string}
  person:
    fields:
      name: string
      email: {type: string, unique: true}
  employee:
    base: person
    fields:
      email: null
      salary: {type: integer, hidden: true}
    relations:
      manager: employee
`;

const COMMANDS = `
commands:
  weather:
    fetch:
      handler: handlers/fetch.ts#fetch
      help: Fetch observations for a station
      parameters:
        station: {type: key, model: station, required: true}
        days: {type: integer, default: 7, min: 1}
        dry_run: {type: flag}
        tags: {type: string, multiple: true, default: [a, b]}
      roles: [weather-admin]
      background: true
      retries: 3
      timeout: 600
      interruptible: true
      lock: weather-fetch
      queue: slow
    report:
      handler: handlers/report.mjs
`;

async function load() {
  const dir = writeProject(
    { "models.yml": MODELS, "commands.yml": COMMANDS },
    {
      "handlers/fetch.ts": "export async function fetch() {}\n",
      "handlers/report.mjs": "export default async function () {}\n",
    },
  );
  return { dir, spec: await loadProjectSpec(dir) };
}

describe("a good project", () => {
  it("names the project and lists core first and the project last", async () => {
    const { dir, spec } = await load();
    expect(spec.root).toBe(dir);
    expect(spec.name).toBe("app");
    expect(spec.version).toBe("1.0.0");
    expect(spec.modules.map((m) => m.name)).toEqual(["core", "app"]);
  });

  it("keeps core models and adds the project's in order", async () => {
    const { spec } = await load();
    expect([...spec.models.keys()]).toEqual([
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
      "station",
      "observation",
      "tag",
      "person",
      "employee",
    ]);
    expect(spec.models.get("config")?.module).toBe("core");
    expect(spec.models.get("station")?.module).toBe("app");
  });

  it("puts system fields first and last and keeps declaration order", async () => {
    const { spec } = await load();
    const station = spec.models.get("station");
    expect([...(station?.fields.keys() ?? [])]).toEqual([
      "id",
      "help",
      "number",
      "name",
      "elevation",
      "kind",
      "created",
      "updated",
    ]);
    expect(station?.fields.get("id")).toMatchObject({ type: "integer", system: true });
    expect(station?.fields.get("updated")).toMatchObject({ type: "datetime", system: true });
  });

  it("reads field options with their defaults", async () => {
    const { spec } = await load();
    const station = spec.models.get("station");
    expect(station?.fields.get("number")).toMatchObject({
      type: "string",
      maxLength: 20,
      required: true,
      system: false,
      encrypted: false,
    });
    expect(station?.fields.get("name")?.maxLength).toBe(255);
    expect(station?.fields.get("elevation")).toMatchObject({ min: -500, max: 9000 });
    expect(station?.fields.get("kind")).toMatchObject({
      choices: ["manual", "automatic"],
      default: "automatic",
    });
    const amount = spec.models.get("observation")?.fields.get("amount");
    expect(amount).toMatchObject({ type: "decimal", precision: 10, scale: 2 });
    expect(spec.models.get("observation")?.fields.get("temp")?.type).toBe("float");
  });

  it("chooses keys: explicit, then name, then id", async () => {
    const { spec } = await load();
    expect(spec.models.get("station")?.key).toBe("number");
    expect(spec.models.get("tag")?.key).toBe("name");
    expect(spec.models.get("tag")?.fields.get("name")?.required).toBe(true);
    expect(spec.models.get("execution")?.key).toBe("id");
  });

  it("reads scoped keys, relations and their on_delete defaults", async () => {
    const { spec } = await load();
    const observation = spec.models.get("observation");
    expect(observation?.scope).toEqual(["station"]);
    expect(observation?.relations.get("station")).toMatchObject({
      model: "station",
      required: true,
      multiple: false,
      onDelete: "cascade",
      reverse: "observation",
    });
    expect(observation?.relations.get("tags")).toMatchObject({
      multiple: true,
      onDelete: "cascade",
    });
    expect(observation?.relations.get("reviewer")).toMatchObject({
      onDelete: "set_null",
      reverse: "reviewed",
    });
    expect(observation?.indexes).toEqual([["station", "date"]]);
    expect(observation?.ordering).toEqual(["-date"]);
  });

  it("adds reverse relations to the related models", async () => {
    const { spec } = await load();
    expect(spec.models.get("station")?.reverseRelations.get("observation")).toEqual({
      name: "observation",
      model: "observation",
      relation: "station",
    });
    expect(spec.models.get("tag")?.reverseRelations.get("observation")?.relation).toBe("tags");
    expect(spec.models.get("person")?.reverseRelations.get("reviewed")?.model).toBe("observation");
    expect(spec.models.get("employee")?.reverseRelations.get("employee")?.relation).toBe("manager");
  });

  it("inherits from mixins and bases and removes entries set to null", async () => {
    const { spec } = await load();
    const station = spec.models.get("station");
    expect(station?.fields.has("help")).toBe(true);
    expect(station?.fields.has("note")).toBe(false);
    const employee = spec.models.get("employee");
    expect([...(employee?.fields.keys() ?? [])]).toEqual([
      "id",
      "name",
      "salary",
      "created",
      "updated",
    ]);
    expect(employee?.fields.get("salary")?.hidden).toBe(true);
    expect(employee?.key).toBe("name");
    expect(employee?.relations.get("manager")?.onDelete).toBe("set_null");
  });

  it("reads model roles and defaults them to admin", async () => {
    const { spec } = await load();
    expect(spec.models.get("station")?.roles).toEqual({
      view: ["public"],
      edit: ["weather-admin"],
    });
    expect(spec.models.get("tag")?.roles).toEqual({ view: ["admin"], edit: ["admin"] });
    expect(spec.roles.get("weather-admin")).toMatchObject({
      module: "app",
      help: "Manages stations",
    });
    expect(spec.roles.get("public")).toMatchObject({
      module: "core",
      help: "Anyone, without a token",
    });
  });

  it("reads commands with their parameters and options", async () => {
    const { dir, spec } = await load();
    const fetch = spec.commands.get("weather fetch");
    expect(fetch).toMatchObject({
      path: ["weather", "fetch"],
      module: "app",
      handler: { file: `${dir}/handlers/fetch.ts`, export: "fetch" },
      roles: ["weather-admin"],
      background: true,
      retries: 3,
      timeout: 600,
      interruptible: true,
      lock: "weather-fetch",
      queue: "slow",
      recorded: true,
      acceptsFilters: false,
    });
    expect(fetch?.source).toMatchObject({
      file: "spec/commands.yml",
      line: 4,
      path: "commands.weather.fetch",
    });
    expect(fetch?.parameters.get("station")).toMatchObject({
      type: "key",
      model: "station",
      required: true,
    });
    expect(fetch?.parameters.get("days")).toMatchObject({ type: "integer", default: 7, min: 1 });
    expect(fetch?.parameters.get("dry_run")).toMatchObject({ type: "flag", required: false });
    expect(fetch?.parameters.get("tags")).toMatchObject({ multiple: true, default: ["a", "b"] });
    expect(spec.commands.get("weather report")?.handler?.export).toBe("default");
    expect(spec.commands.get("weather report")?.roles).toEqual(["admin"]);
  });

  it("keeps core's built-in commands", async () => {
    const { spec } = await load();
    expect(spec.commands.get("db migrate")).toMatchObject({
      builtin: { name: "db.migrate" },
      module: "core",
      recorded: false,
    });
    expect(spec.commands.get("db migrate")?.parameters.get("allow_destructive")?.type).toBe("flag");
  });

  it("is deeply frozen", async () => {
    const { spec } = await load();
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.models.get("station")?.fields.get("name"))).toBe(true);
    expect(Object.isFrozen(spec.models.get("station")?.scope)).toBe(true);
    expect(() => (spec.models as Map<string, unknown>).set("x", 1)).toThrow(TypeError);
    expect(() => (spec.commands as Map<string, unknown>).delete("db plan")).toThrow(TypeError);
  });
});
