import { describe, expect, it } from "vitest";
import { loadProjectSpec } from "../../src/spec/index.js";
import { loadError, specError, writeProject } from "./support/fixture-project.js";

const lines = (...text: string[]): string => text.join("\n");

describe("reading YAML", () => {
  it("reports syntax errors with file and line", async () => {
    const error = await specError(
      lines("models:", "  station:", "    fields: {name: string", "  other: 1"),
    );
    expect(error.code).toBe("CAIRN_SPEC_SYNTAX");
    expect(error.message).toMatch(/^invalid YAML \(.+\) in spec\/models\.yml:\d+$/);
  });

  it("reports duplicate keys as syntax errors", async () => {
    const error = await specError(
      lines("models:", "  a: {fields: {x: string}}", "  a: {fields: {y: string}}"),
    );
    expect(error.code).toBe("CAIRN_SPEC_SYNTAX");
    expect(error.message).toContain("spec/models.yml:3");
  });

  it("ignores keys beginning with _ and applies << merges", async () => {
    const dir = writeProject({
      "models.yml": lines(
        "_text: &text {type: string, max_length: 40}",
        "models:",
        "  _draft: {this: is ignored}",
        "  station:",
        "    _note: anything at all",
        "    fields:",
        "      name: *text",
        "      code: {<<: *text, max_length: 8, _why: short codes}",
      ),
    });
    const spec = await loadProjectSpec(dir);
    const station = spec.models.get("station");
    expect(spec.models.has("_draft")).toBe(false);
    expect(station?.fields.get("name")?.maxLength).toBe(40);
    expect(station?.fields.get("code")).toMatchObject({ type: "string", maxLength: 8 });
  });

  it("treats an empty file and an empty section as nothing", async () => {
    const dir = writeProject({ "empty.yml": "", "models.yml": "models:\n" });
    const spec = await loadProjectSpec(dir);
    expect(spec.name).toBe("app");
  });

  it("explains text cut at a comma inside {...}", async () => {
    const error = await specError(
      lines(
        "models:",
        "  station:",
        "    fields:",
        "      name: {type: string, help: the name, as written}",
      ),
    );
    expect(error.code).toBe("CAIRN_SPEC_SYNTAX");
    expect(error.message).toContain(
      "'as written' has no value; it looks like the rest of 'help' cut at a comma in spec/models.yml:4 models.station.fields.name.help",
    );
    expect(error.hint).toBe(
      'Quote text that holds a comma inside {...}: help: "the name, as written".',
    );
  });

  it("rejects unknown top-level keys and reserved ones", async () => {
    const error = await loadError(
      writeProject({ "models.yml": lines("model: {}", "schedules: {}", "imports: {}") }),
    );
    expect(error.code).toBe("CAIRN_SPEC_UNKNOWN_KEY");
    expect(error.message).toContain(
      "unknown top-level key 'model' in spec/models.yml:1 model; did you mean 'models' or 'model_mixins'?",
    );
    expect(error.message).not.toContain("schedules");
    expect(error.message).toContain("'imports' is not supported yet in spec/models.yml:3 imports");
    expect(error.details.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "CAIRN_SPEC_UNSUPPORTED", line: 3 }),
      ]),
    );
  });

  it("collects every problem into one error", async () => {
    const error = await specError(
      lines("models:", "  a: {fields: {x: {type: strng}}}", "  b: {fields: {y: {type: integr}}}"),
    );
    expect(error.message).toMatch(
      /^2 spec errors:\n {2}- unknown field type 'strng'.*\n {2}- unknown field type 'integr'/,
    );
    expect(error.details.errors).toHaveLength(2);
    expect(error.hint).toContain("Fix the spec files");
  });
});
