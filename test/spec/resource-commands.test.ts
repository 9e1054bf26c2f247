import { describe, expect, it } from "vitest";
import { loadProjectSpec, type ProjectSpec } from "../../src/spec/index.js";
import { writeProject } from "./support/fixture-project.js";

const MODELS = [
  "roles:",
  "  editor:",
  "models:",
  "  station:",
  "    key: number",
  "    fields:",
  "      number: {type: string, max_length: 20}",
  "      kind: {type: string, choices: [a, b], default: a, help: what it is}",
  "      height: {type: integer, min: 0, max: 9000, required: true}",
  "    roles: {view: [public], edit: [editor]}",
  "  tag:",
  "    fields: {name: string}",
  "  observation:",
  "    key: date",
  "    scope: [station]",
  "    fields: {date: date}",
  "    relations:",
  "      station: {model: station, required: true}",
  "      tags: {model: tag, multiple: true}",
  "      checker: {model: tag, reverse: checked}",
].join("\n");

async function load(): Promise<ProjectSpec> {
  return loadProjectSpec(writeProject({ "models.yml": MODELS }));
}

function parameterNames(spec: ProjectSpec, command: string): string[] {
  return [...(spec.commands.get(command)?.parameters.keys() ?? [])];
}

describe("resource commands", () => {
  it("gives every model list, get, save, remove and clear, core models too", async () => {
    const spec = await load();
    for (const model of ["config", "execution", "station", "observation"]) {
      for (const action of ["list", "get", "save", "remove", "clear"]) {
        const command = spec.commands.get(`${model} ${action}`);
        expect(command).toMatchObject({
          path: [model, action],
          builtin: { name: `resource.${action}`, model },
          recorded: true,
          background: false,
          retries: 0,
        });
      }
    }
    expect(spec.commands.get("config list")?.module).toBe("core");
    expect(spec.commands.get("station list")?.module).toBe("app");
  });

  it("takes roles from the model: view and edit for reads, edit for writes", async () => {
    const spec = await load();
    expect(spec.commands.get("station list")?.roles).toEqual(["public", "editor"]);
    expect(spec.commands.get("station get")?.roles).toEqual(["public", "editor"]);
    expect(spec.commands.get("station save")?.roles).toEqual(["editor"]);
    expect(spec.commands.get("station remove")?.roles).toEqual(["editor"]);
    expect(spec.commands.get("station clear")?.roles).toEqual(["editor"]);
  });

  it("lists with paging, ordering, fields and filters", async () => {
    const spec = await load();
    const list = spec.commands.get("station list");
    expect(list?.acceptsFilters).toBe(true);
    expect(parameterNames(spec, "station list")).toEqual(["order", "limit", "offset", "fields"]);
    expect(list?.parameters.get("order")).toMatchObject({ type: "string", multiple: true });
    expect(list?.parameters.get("limit")).toMatchObject({
      type: "integer",
      min: 0,
      required: false,
    });
    expect(list?.source).toMatchObject({
      file: "spec/models.yml",
      line: 4,
      path: "models.station",
    });
  });

  it("gets and removes by key plus one key parameter per scope relation", async () => {
    const spec = await load();
    expect(parameterNames(spec, "station get")).toEqual(["key"]);
    expect(spec.commands.get("station get")?.parameters.get("key")).toMatchObject({
      type: "string",
      required: true,
    });
    expect(parameterNames(spec, "observation remove")).toEqual(["key", "station"]);
    expect(spec.commands.get("observation get")?.parameters.get("station")).toMatchObject({
      type: "key",
      model: "station",
      required: true,
    });
    expect(spec.commands.get("observation get")?.acceptsFilters).toBe(false);
  });

  it("saves with one optional parameter per field and relation", async () => {
    const spec = await load();
    expect(parameterNames(spec, "station save")).toEqual(["key", "number", "kind", "height"]);
    const save = spec.commands.get("station save");
    expect(save?.parameters.get("kind")).toEqual({
      name: "kind",
      type: "string",
      required: false,
      multiple: false,
      choices: ["a", "b"],
      maxLength: 255,
      help: "what it is",
      source: save?.source,
    });
    expect(save?.parameters.get("height")).toMatchObject({ min: 0, max: 9000, required: false });
    expect(parameterNames(spec, "observation save")).toEqual([
      "key",
      "station",
      "date",
      "tags",
      "checker",
    ]);
    const observationSave = spec.commands.get("observation save");
    expect(observationSave?.parameters.get("tags")).toMatchObject({
      type: "key",
      model: "tag",
      multiple: true,
    });
    expect(observationSave?.parameters.get("checker")).toMatchObject({
      type: "key",
      model: "tag",
      multiple: false,
    });
  });

  it("clears with filters and a force flag", async () => {
    const spec = await load();
    const clear = spec.commands.get("station clear");
    expect(clear?.acceptsFilters).toBe(true);
    expect(clear?.parameters.get("force")).toMatchObject({ type: "flag", required: false });
  });
});
