import { SpecUnknownName } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import { SYSTEM_FIELD_NAMES, type FieldDefinition } from "./field-definition.js";
import type { ModuleContext } from "./module-context.js";
import type { ModelDefinition, ModelRoles } from "./model-definition.js";
import type { RelationDefinition } from "./relation-definition.js";
import type { SourceLocation } from "./source-location.js";
import type { SpecMap, SpecNode } from "./spec-node.js";
import { asMap, checkIdentifier, checkKeys, MapReader } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";
import { systemFields } from "./system-fields.js";
import { checkRoles, DEFAULT_ROLES } from "./check-roles.js";
import { validateField } from "./validate-field.js";
import { validateRelation } from "./validate-relation.js";

export const MODEL_OPTIONS = [
  "key",
  "scope",
  "fields",
  "relations",
  "indexes",
  "ordering",
  "roles",
  "help",
  "api",
  "base",
  "mixins",
] as const;

/** Names a model's fields may not take: `key` is the resource commands' key parameter. */
const RESERVED_FIELD_NAMES = ["key"];

/** Types whose values cannot be typed on a command line or compared for lookups. */
const UNKEYABLE_TYPES: readonly string[] = ["json", "binary", "boolean"];

export interface ModelContext {
  readonly modelNames: ReadonlySet<string>;
  readonly roleNames: ReadonlySet<string>;
  readonly problems: SpecProblems;
}

/**
 * Validates one model after inheritance. Reverse relations are filled in later, once
 * every model is known (build-reverse-relations.ts).
 */
export function validateModel(
  name: string,
  map: SpecMap,
  module: ModuleContext,
  context: ModelContext,
): ModelDefinition {
  const { problems } = context;
  checkIdentifier(name, "model", map.location, problems);
  checkKeys(map, MODEL_OPTIONS, "model option", problems);
  const reader = new MapReader(map, problems);
  const userFields = readFields(reader, problems, context.roleNames);
  const relations = readRelations(name, reader, userFields, context);
  const key = readKey(reader, userFields);
  const keyField = userFields.get(key);
  if (keyField !== undefined && !keyField.required) {
    userFields.set(key, { ...keyField, required: true });
  }
  for (const [fieldName, field] of userFields) {
    if (RESERVED_FIELD_NAMES.includes(fieldName) && fieldName !== key) {
      problems.invalid(
        `field name '${fieldName}' is reserved unless it is the model's key`,
        field.source,
        "Resource commands take the natural key as parameter 'key'; rename the field or make it the key.",
      );
    }
  }
  checkEncryptedUses(reader, key, userFields);
  const fields = new Map<string, FieldDefinition>();
  const [id, created, updated] = systemFields(map.location);
  fields.set("id", id);
  for (const [fieldName, field] of userFields) fields.set(fieldName, field);
  fields.set("created", created);
  fields.set("updated", updated);

  const columns = new Set([...fields.keys(), ...toOne(relations).map((r) => r.name)]);
  const help = reader.string("help");
  return {
    name,
    module: module.name,
    key,
    scope: readScope(reader, relations),
    fields,
    relations,
    reverseRelations: new Map(),
    indexes: readIndexes(reader, columns),
    ordering: readOrdering(reader, new Set([...columns, ...relations.keys()])),
    roles: readModelRoles(reader, context.roleNames),
    api: reader.boolean("api") ?? true,
    ...(help === undefined ? {} : { help }),
    source: map.location,
  };
}

/**
 * An encrypted field cannot name records (keys are looked up and ordered in SQL), nor
 * be indexed or ordered on: the database only ever holds its ciphertext.
 */
function checkEncryptedUses(
  reader: MapReader,
  key: string,
  fields: ReadonlyMap<string, FieldDefinition>,
): void {
  const encrypted = (name: string) => fields.get(name)?.encrypted === true;
  if (encrypted(key)) {
    reader.problems.invalid(
      `key field '${key}' is encrypted, and a key must be readable by the database`,
      reader.location("key"),
      "Choose another key field, or keep this one in clear.",
    );
  }
  const indexes = reader.node("indexes");
  if (indexes?.kind === "list") {
    for (const item of indexes.items) {
      for (const entry of item.kind === "list" ? item.items : [item]) {
        if (entry.kind === "scalar" && typeof entry.value === "string" && encrypted(entry.value)) {
          reader.problems.invalid(
            `index column '${entry.value}' is an encrypted field, which cannot be indexed`,
            entry.location,
            "Remove it from 'indexes'; 'searchable: true' indexes a keyed hash of it.",
          );
        }
      }
    }
  }
  const ordering = reader.node("ordering");
  const entries = ordering?.kind === "list" ? ordering.items : ordering ? [ordering] : [];
  for (const entry of entries) {
    if (entry.kind !== "scalar" || typeof entry.value !== "string") continue;
    const name = entry.value.replace(/^-/, "");
    if (encrypted(name)) {
      reader.problems.invalid(
        `ordering field '${name}' is encrypted, and the database cannot order ciphertexts`,
        entry.location,
        "Order by another field.",
      );
    }
  }
}

function toOne(relations: ReadonlyMap<string, RelationDefinition>): RelationDefinition[] {
  return [...relations.values()].filter((r) => !r.multiple);
}

function section(reader: MapReader, key: string): SpecMap | undefined {
  const node = reader.node(key);
  return node === undefined ? undefined : asMap(node, `'${key}'`, reader.problems);
}

function readFields(
  reader: MapReader,
  problems: SpecProblems,
  roleNames: ReadonlySet<string>,
): Map<string, FieldDefinition> {
  const fields = new Map<string, FieldDefinition>();
  for (const [name, node] of section(reader, "fields")?.entries ?? []) {
    if ((SYSTEM_FIELD_NAMES as readonly string[]).includes(name)) {
      problems.invalid(
        `field '${name}' is a system field every model already has`,
        node.location,
        "Remove it; id, created and updated are added automatically.",
      );
      continue;
    }
    const field = validateField(name, node, problems);
    if (field !== undefined) fields.set(name, field);
    if (field?.view !== undefined && node.kind === "map") {
      const options = new MapReader(node, problems);
      checkRoles(field.view, options.location("view"), roleNames, problems);
    }
  }
  return fields;
}

function readRelations(
  owner: string,
  reader: MapReader,
  fields: ReadonlyMap<string, FieldDefinition>,
  context: ModelContext,
): Map<string, RelationDefinition> {
  const relations = new Map<string, RelationDefinition>();
  for (const [name, node] of section(reader, "relations")?.entries ?? []) {
    if (clashes(name, node, fields, context.problems)) continue;
    const relation = validateRelation(owner, name, node, context.modelNames, context.problems);
    if (relation !== undefined) relations.set(name, relation);
  }
  return relations;
}

/** A relation may not share a name with a field, nor its `<name>_id` column with one. */
function clashes(
  name: string,
  node: SpecNode,
  fields: ReadonlyMap<string, FieldDefinition>,
  problems: SpecProblems,
): boolean {
  const clash =
    fields.has(name) || (SYSTEM_FIELD_NAMES as readonly string[]).includes(name)
      ? name
      : fields.has(`${name}_id`)
        ? `${name}_id`
        : undefined;
  if (clash === undefined) return false;
  problems.invalid(`relation '${name}' clashes with field '${clash}'`, node.location);
  return true;
}

function readKey(reader: MapReader, fields: ReadonlyMap<string, FieldDefinition>): string {
  const key = reader.string("key");
  if (key === undefined) return fields.has("name") ? "name" : "id";
  const field = fields.get(key);
  if (field !== undefined && UNKEYABLE_TYPES.includes(field.type)) {
    reader.problems.invalid(
      `key field '${key}' is of type ${field.type}, which cannot name a record`,
      reader.location("key"),
      "Choose a string, number, date or uuid field as the key.",
    );
    return "id";
  }
  if (key === "id" || field !== undefined) return key;
  reader.problems.add(
    SpecUnknownName,
    `unknown key field '${key}'`,
    reader.location("key"),
    didYouMean(key, ["id", ...fields.keys()]),
  );
  return "id";
}

function readScope(reader: MapReader, relations: ReadonlyMap<string, RelationDefinition>) {
  const scope: string[] = [];
  for (const name of reader.strings("scope") ?? []) {
    const relation = relations.get(name);
    const location = reader.location("scope");
    if (relation === undefined) {
      reader.problems.add(
        SpecUnknownName,
        `unknown scope relation '${name}'`,
        location,
        didYouMean(
          name,
          toOne(relations).map((r) => r.name),
        ),
      );
    } else if (relation.multiple || !relation.required) {
      reader.problems.invalid(
        `scope relation '${name}' must be a required to-one relation`,
        location,
        `Set 'required: true' on relation '${name}' (and leave out 'multiple').`,
      );
    } else if (name === "key") {
      reader.problems.invalid("a scope relation cannot be named 'key'", location);
    } else {
      scope.push(name);
    }
  }
  return scope;
}

function readIndexes(reader: MapReader, columns: ReadonlySet<string>): string[][] {
  const node = reader.node("indexes");
  if (node === undefined) return [];
  if (node.kind !== "list") {
    reader.problems.invalid("'indexes' must be a list of lists of names", node.location);
    return [];
  }
  const indexes: string[][] = [];
  for (const item of node.items) {
    const names = item.kind === "list" ? item.items : [item];
    const index: string[] = [];
    for (const entry of names) {
      const value = entry.kind === "scalar" ? entry.value : undefined;
      if (typeof value === "string" && columns.has(value)) index.push(value);
      else unknownName(reader, "index column", String(value), entry.location, columns);
    }
    if (index.length > 0) indexes.push(index);
  }
  return indexes;
}

/** `[-date, name]`; paths across relations (`station__name`) are checked by queries. */
function readOrdering(reader: MapReader, names: ReadonlySet<string>): string[] {
  const ordering = reader.strings("ordering") ?? [];
  for (const entry of ordering) {
    const first = entry.replace(/^-/, "").split("__")[0] ?? "";
    if (!names.has(first)) {
      unknownName(reader, "ordering field", first, reader.location("ordering"), names);
    }
  }
  return ordering;
}

function readModelRoles(reader: MapReader, roleNames: ReadonlySet<string>): ModelRoles {
  const map = section(reader, "roles");
  if (map === undefined) return { view: DEFAULT_ROLES, edit: DEFAULT_ROLES };
  checkKeys(map, ["view", "edit"], "model roles key", reader.problems);
  const roles = new MapReader(map, reader.problems);
  const view = roles.strings("view") ?? DEFAULT_ROLES;
  const edit = roles.strings("edit") ?? DEFAULT_ROLES;
  checkRoles(view, roles.location("view"), roleNames, reader.problems);
  checkRoles(edit, roles.location("edit"), roleNames, reader.problems);
  return { view, edit };
}

function unknownName(
  reader: MapReader,
  what: string,
  name: string,
  location: SourceLocation,
  candidates: Iterable<string>,
): void {
  reader.problems.add(
    SpecUnknownName,
    `unknown ${what} '${name}'`,
    location,
    didYouMean(name, candidates),
  );
}
