import { plainField, type FieldDefinition } from "../../../src/spec/field-definition.js";
import type { FieldType } from "../../../src/spec/field-types.js";
import type { ModelDefinition } from "../../../src/spec/model-definition.js";
import type { ProjectSpec } from "../../../src/spec/project-spec.js";
import type {
  RelationDefinition,
  ReverseRelationDefinition,
} from "../../../src/spec/relation-definition.js";

/** Hand-built specs for compiler tests, so they need neither YAML nor the loader. */
const source = { file: "test", line: 0, column: 0, path: "" };

type FieldOptions = Partial<Omit<FieldDefinition, "name" | "type" | "source">>;

export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDefinition {
  return { ...plainField(name, type, source), ...options };
}

export interface ModelInput {
  readonly key?: string;
  readonly scope?: readonly string[];
  readonly fields: readonly FieldDefinition[];
  readonly relations?: readonly Partial<RelationDefinition>[];
  readonly ordering?: readonly string[];
}

export function buildSpec(models: Readonly<Record<string, ModelInput>>): ProjectSpec {
  const reverse = new Map<string, Map<string, ReverseRelationDefinition>>();
  const definitions = new Map<string, ModelDefinition>();
  for (const [name, input] of Object.entries(models)) {
    for (const r of input.relations ?? []) {
      const target = r.model ?? "";
      const reverseName = r.reverse ?? name;
      const map = reverse.get(target) ?? new Map<string, ReverseRelationDefinition>();
      map.set(reverseName, { name: reverseName, model: name, relation: r.name ?? "" });
      reverse.set(target, map);
    }
  }
  for (const [name, input] of Object.entries(models)) {
    const fields = [
      field("id", "integer", { system: true, required: true }),
      ...input.fields,
      field("created", "datetime", { system: true, required: true }),
      field("updated", "datetime", { system: true, required: true }),
    ];
    const relations = (input.relations ?? []).map((r): RelationDefinition => ({
      name: r.name ?? "",
      model: r.model ?? "",
      multiple: r.multiple ?? false,
      required: r.required ?? false,
      onDelete: r.onDelete ?? "restrict",
      reverse: r.reverse ?? name,
      source,
    }));
    definitions.set(name, {
      name,
      module: "test",
      key: input.key ?? (input.fields.some((f) => f.name === "name") ? "name" : "id"),
      scope: input.scope ?? [],
      fields: new Map(fields.map((f) => [f.name, f])),
      relations: new Map(relations.map((r) => [r.name, r])),
      reverseRelations: reverse.get(name) ?? new Map(),
      indexes: [],
      ordering: input.ordering ?? [],
      roles: { view: [], edit: [] },
      api: true,
      source,
    });
  }
  return {
    root: "/test",
    name: "test",
    version: "0.0.0",
    modules: [],
    models: definitions,
    commands: new Map(),
    roles: new Map(),
    schedules: new Map(),
  };
}

/** The weather fixture: region <- station <- observation -> tag (many-to-many). */
export const weatherSpec = buildSpec({
  region: { fields: [field("name", "string", { required: true, maxLength: 50 })] },
  station: {
    key: "number",
    fields: [
      field("number", "string", { required: true, maxLength: 20 }),
      field("name", "string"),
      field("elevation", "float"),
      field("secret", "string", { hidden: true }),
    ],
    relations: [{ name: "region", model: "region" }],
    ordering: ["number"],
  },
  tag: { fields: [field("name", "string", { required: true })] },
  observation: {
    key: "date",
    scope: ["station"],
    fields: [
      field("date", "date", { required: true }),
      field("time", "time"),
      field("taken", "datetime"),
      field("temp", "float"),
      field("attrs", "json"),
      field("note", "text"),
    ],
    relations: [
      { name: "station", model: "station", required: true, onDelete: "cascade" },
      { name: "tags", model: "tag", multiple: true },
    ],
    ordering: ["-date"],
  },
});
