import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadProjectSpec } from "../../src/spec/index.js";
import { loadError, writeTree } from "./support/fixture-project.js";

const lines = (...text: string[]): string => text.join("\n");

function module(
  name: string,
  requires: readonly string[] = [],
  models = "",
): Record<string, string> {
  const requireLines = requires.map((r) => `  - {name: ${r}, path: ../${r}}`);
  return {
    [`${name}/cairn.yml`]: lines(
      `name: ${name}`,
      "version: 0.1.0",
      ...(requires.length > 0 ? ["requires:", ...requireLines] : []),
    ),
    [`${name}/spec/models.yml`]: models,
  };
}

describe("modules", () => {
  it("loads core, then required modules depth-first, then the project", async () => {
    const root = writeTree({
      ...module(
        "app",
        ["geo", "billing"],
        lines("models:", "  trip: {relations: {city: city, invoice: invoice}}"),
      ),
      ...module(
        "geo",
        ["base"],
        lines("models:", "  city: {fields: {name: string}, relations: {country: country}}"),
      ),
      ...module(
        "billing",
        ["base", "geo"],
        lines("models:", "  invoice: {relations: {city: city}}"),
      ),
      ...module("base", [], lines("models:", "  country: {fields: {name: string}}")),
    });
    const spec = await loadProjectSpec(join(root, "app"));
    expect(spec.modules.map((m) => m.name)).toEqual(["core", "base", "geo", "billing", "app"]);
    expect(spec.modules[1]?.root).toBe(join(root, "base"));
    expect(spec.modules[4]?.requires).toEqual([
      { name: "geo", path: "../geo" },
      { name: "billing", path: "../billing" },
    ]);
    expect(spec.models.get("country")?.module).toBe("base");
    expect(spec.models.get("trip")?.relations.get("invoice")?.model).toBe("invoice");
    expect(spec.commands.get("country list")?.module).toBe("base");
    expect(spec.models.get("city")?.reverseRelations.has("trip")).toBe(true);
    // Files outside the project are named by their absolute path.
    expect(spec.models.get("country")?.source.file).toBe(join(root, "base", "spec", "models.yml"));
  });

  it("reports a cycle of requirements", async () => {
    const root = writeTree({
      ...module("app", ["geo"]),
      ...module("geo", ["base"]),
      ...module("base", ["geo"]),
    });
    const error = await loadError(join(root, "app"));
    expect(error.code).toBe("CAIRN_MODULE_CYCLE");
    expect(error.message).toBe(
      `modules require each other: geo -> base -> geo in ${join(root, "base", "cairn.yml")}:4 requires[0]`,
    );
  });

  it("reports a missing module where it is required", async () => {
    const root = writeTree(module("app", ["geo"]));
    const error = await loadError(join(root, "app"));
    expect(error.code).toBe("CAIRN_MODULE_NOT_FOUND");
    expect(error.message).toBe(
      `module 'geo' not found: no cairn.yml in ${join(root, "geo")} in cairn.yml:4 requires[0]`,
    );
  });

  it("reports a requirement whose name does not match the module", async () => {
    const root = writeTree({
      "app/cairn.yml": lines("name: app", "requires:", "  - {name: geo, path: ../other}"),
      ...module("other"),
    });
    const error = await loadError(join(root, "app"));
    expect(error.message).toContain(
      `requirement names module 'geo' but ${join(root, "other")} holds module 'other'`,
    );
  });

  it("rejects git requirements for now", async () => {
    const root = writeTree({
      "app/cairn.yml": lines("name: app", "requires:", "  - {name: geo, git: x}"),
    });
    const error = await loadError(join(root, "app"));
    expect(error.code).toBe("CAIRN_SPEC_UNSUPPORTED");
  });

  it("needs cairn.yml in the project directory", async () => {
    const root = writeTree({ "README.md": "no project" });
    const error = await loadError(root);
    expect(error.code).toBe("CAIRN_PROJECT_NOT_FOUND");
  });

  it("lets modules use each other's roles and mixins", async () => {
    const root = writeTree({
      ...module(
        "app",
        ["geo"],
        lines("models:", "  trip:", "    mixins: [named]", "    roles: {view: [geo-reader]}"),
      ),
      ...module(
        "geo",
        [],
        lines("roles:", "  geo-reader:", "model_mixins:", "  named: {fields: {name: string}}"),
      ),
    });
    const spec = await loadProjectSpec(join(root, "app"));
    expect(spec.models.get("trip")?.key).toBe("name");
    expect(spec.models.get("trip")?.roles.view).toEqual(["geo-reader"]);
    expect(spec.roles.get("geo-reader")?.module).toBe("geo");
  });
});
