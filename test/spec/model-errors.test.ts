import { describe, expect, it } from "vitest";
import { loadProjectSpec } from "../../src/spec/index.js";
import { loadError, specError, writeProject } from "./support/fixture-project.js";

const lines = (...text: string[]): string => text.join("\n");

describe("model errors", () => {
  it("suggests the closest model option", async () => {
    const error = await specError(lines("models:", "  station:", "    feilds: {}"));
    expect(error.code).toBe("CAIRN_SPEC_UNKNOWN_KEY");
    expect(error.message).toBe(
      "unknown model option 'feilds' in spec/models.yml:3 models.station.feilds; did you mean 'fields'?",
    );
  });

  it("suggests the closest model for an unknown relation target", async () => {
    const error = await specError(
      lines(
        "models:",
        "  station: {fields: {name: string}}",
        "  observation:",
        "    relations:",
        "      station: {model: staton}",
      ),
    );
    expect(error.code).toBe("CAIRN_SPEC_UNKNOWN_NAME");
    expect(error.message).toBe(
      "unknown model 'staton' in spec/models.yml:5 models.observation.relations.station.model; did you mean 'station'?",
    );
  });

  it("checks the key field and the scope", async () => {
    const error = await specError(
      lines(
        "models:",
        "  station: {fields: {name: string}}",
        "  observation:",
        "    key: dat",
        "    scope: [station, other]",
        "    fields: {date: date}",
        "    relations: {station: station}",
      ),
    );
    expect(error.message).toContain(
      "unknown key field 'dat' in spec/models.yml:4 models.observation.key; did you mean 'date'?",
    );
    expect(error.message).toContain(
      "scope relation 'station' must be a required to-one relation in spec/models.yml:5",
    );
    expect(error.message).toContain("unknown scope relation 'other' in spec/models.yml:5");
  });

  it("checks relation options", async () => {
    const error = await specError(
      lines(
        "models:",
        "  tag: {fields: {name: string}}",
        "  station:",
        "    fields: {name: string, owner_id: integer}",
        "    relations:",
        "      tags: {model: tag, multiple: true, on_delete: set_null}",
        "      owner: {model: tag}",
        "      name: {model: tag}",
        "      main: {model: tag, on_delete: explode}",
        "      must: {model: tag, required: true, on_delete: set_null}",
      ),
    );
    expect(error.message).toContain(
      "on_delete 'set_null' cannot apply to a multiple relation in spec/models.yml:6",
    );
    expect(error.message).toContain(
      "relation 'owner' clashes with field 'owner_id' in spec/models.yml:7",
    );
    expect(error.message).toContain(
      "relation 'name' clashes with field 'name' in spec/models.yml:8",
    );
    expect(error.message).toContain("unknown on_delete 'explode' in spec/models.yml:9");
    expect(error.message).toContain(
      "on_delete 'set_null' cannot apply to a required relation in spec/models.yml:10",
    );
  });

  it("reports reverse relations that clash", async () => {
    const error = await specError(
      lines(
        "models:",
        "  station:",
        "    fields: {name: string, observation: string}",
        "  observation:",
        "    relations:",
        "      station: {model: station}",
        "  reading:",
        "    relations:",
        "      first: {model: reading}",
        "      second: {model: reading}",
      ),
    );
    expect(error.code).toBe("CAIRN_SPEC_DUPLICATE");
    expect(error.message).toContain(
      "reverse relation 'observation' of observation.station clashes with field 'observation' of model 'station' in spec/models.yml:6",
    );
    expect(error.message).toContain(
      "reverse relation 'reading' of reading.second clashes with the reverse of reading.first of model 'reading' in spec/models.yml:10",
    );
  });

  it("checks indexes, ordering and roles", async () => {
    const error = await specError(
      lines(
        "models:",
        "  station:",
        "    fields: {name: string}",
        "    indexes: [[nme]]",
        "    ordering: [-nam]",
        "    roles: {view: [pubic], edit: [admin]}",
      ),
    );
    expect(error.message).toContain("unknown index column 'nme' in spec/models.yml:4");
    expect(error.message).toContain("unknown ordering field 'nam' in spec/models.yml:5");
    expect(error.message).toContain(
      "unknown role 'pubic' in spec/models.yml:6 models.station.roles.view; did you mean 'public'?",
    );
  });

  it("rejects keys of types that cannot name a record", async () => {
    const error = await specError(
      lines("models:", "  thing:", "    key: data", "    fields: {data: json}"),
    );
    expect(error.message).toBe(
      "key field 'data' is of type json, which cannot name a record in spec/models.yml:3 models.thing.key",
    );
  });

  it("rejects bad model names and a field named key that is not the key", async () => {
    const error = await specError(
      lines(
        "models:",
        "  Station: {fields: {name: string}}",
        "  thing: {fields: {key: string, name: string}}",
      ),
    );
    expect(error.message).toContain(
      "model name 'Station' is not a snake_case identifier in spec/models.yml:2",
    );
    expect(error.message).toContain(
      "field name 'key' is reserved unless it is the model's key in spec/models.yml:3",
    );
  });

  it("reports a model defined twice, naming both places", async () => {
    const error = await loadError(
      writeProject({
        "a.yml": lines("models:", "  station: {fields: {name: string}}"),
        "b.yml": lines("models:", "", "  station: {fields: {name: string}}"),
      }),
    );
    expect(error.code).toBe("CAIRN_SPEC_DUPLICATE");
    expect(error.message).toBe(
      "model 'station' is defined twice in spec/b.yml:3 models.station (first in spec/a.yml:2 models.station)",
    );
  });

  it("reports roles declared twice or badly named", async () => {
    const error = await specError(lines("roles:", "  admin: {}", "  Big Boss: {}", "  odd: [1]"));
    expect(error.code).toBe("CAIRN_SPEC_DUPLICATE");
    expect(error.message).toContain(
      "role 'admin' is defined twice in spec/models.yml:2 roles.admin (first in ",
    );
    expect(error.message).toContain("role name 'Big Boss' must be lower-case letters");
    expect(error.message).toContain(
      "role 'odd' must be a map such as {help: ...} in spec/models.yml:4",
    );
  });

  it("reports a project model that reuses a core model's name", async () => {
    const error = await specError(lines("models:", "  config: {fields: {name: string}}"));
    expect(error.code).toBe("CAIRN_SPEC_DUPLICATE");
    expect(error.message).toContain("model 'config' is defined twice in spec/models.yml:2");
  });
});

describe("inheritance errors", () => {
  it("suggests the closest mixin and base", async () => {
    const error = await specError(
      lines(
        "model_mixins:",
        "  described: {fields: {help: text}}",
        "models:",
        "  person: {fields: {name: string}}",
        "  station:",
        "    mixins: [describd]",
        "  employee:",
        "    base: persn",
      ),
    );
    expect(error.code).toBe("CAIRN_SPEC_UNKNOWN_NAME");
    expect(error.message).toContain(
      "unknown model mixin 'describd' in spec/models.yml:6 models.station.mixins[0]; did you mean 'described'?",
    );
    expect(error.message).toContain(
      "unknown model 'persn' in spec/models.yml:8 models.employee.base; did you mean 'person'?",
    );
  });

  it("reports a null entry that removes nothing", async () => {
    const error = await specError(
      lines("models:", "  station:", "    fields:", "      name: null"),
    );
    expect(error.message).toContain(
      "'name' is set to null but no base or mixin defines it in spec/models.yml:4 models.station.fields.name",
    );
  });

  it("inherits options, merging roles key by key", async () => {
    const dir = writeProject({
      "models.yml": lines(
        "roles: {editor: {}, viewer: Reads things}",
        "models:",
        "  person:",
        "    key: email",
        "    fields: {email: string, name: string}",
        "    roles: {view: [viewer], edit: [editor]}",
        "    ordering: [name]",
        "    help: a person",
        "  employee:",
        "    base: person",
        "    roles: {edit: [admin]}",
        "    help: null",
      ),
    });
    const employee = (await loadProjectSpec(dir)).models.get("employee");
    expect(employee).toMatchObject({
      key: "email",
      ordering: ["name"],
      roles: { view: ["viewer"], edit: ["admin"] },
    });
    expect(employee?.help).toBeUndefined();
    expect(employee?.fields.get("email")?.source.path).toBe("models.person.fields.email");
  });

  it("reports inheritance loops", async () => {
    const error = await specError(lines("models:", "  a: {base: b}", "  b: {base: a}"));
    expect(error.message).toContain("model inheritance loops: a -> b -> a");
  });

  it("points errors in inherited fields at the mixin that wrote them", async () => {
    const error = await specError(
      lines(
        "model_mixins:",
        "  broken:",
        "    fields: {help: {type: txt}}",
        "models:",
        "  station: {mixins: [broken]}",
      ),
    );
    expect(error.message).toContain(
      "unknown field type 'txt' in spec/models.yml:3 model_mixins.broken.fields.help.type; did you mean 'text'?",
    );
  });
});
