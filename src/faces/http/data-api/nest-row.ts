import type { RecordRow } from "../../../engines/storage/records/record-store.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";

type MutableRow = Record<string, unknown>;

/**
 * Nests the store's flat related paths for JSON answers: `station__name` becomes
 * `{"station": {"name": ...}}`, at any depth of to-one relations. When the relation
 * itself was asked for too, its natural key joins the object under the related
 * model's key name. Keys that do not start with a to-one relation stay as they are.
 * For an optional relation, an object whose values are all null becomes null: the left
 * join found no related row. A required relation always has one, so it stays an object.
 */
export function nestRow(spec: ProjectSpec, model: ModelDefinition, row: RecordRow): RecordRow {
  if (!Object.keys(row).some((key) => key.includes("__"))) return row;
  const out: MutableRow = {};
  const nested = new Map<string, MutableRow>();
  const keyName = (relation: string) =>
    spec.models.get(model.relations.get(relation)?.model ?? "")?.key ?? "key";
  for (const [key, value] of Object.entries(row)) {
    const at = key.indexOf("__");
    const relation = at > 0 ? model.relations.get(key.slice(0, at)) : undefined;
    if (relation !== undefined && !relation.multiple) {
      let inner = nested.get(relation.name);
      if (inner === undefined) {
        inner = {};
        nested.set(relation.name, inner);
        if (out[relation.name] !== undefined) inner[keyName(relation.name)] = out[relation.name];
        out[relation.name] = inner;
      }
      inner[key.slice(at + 2)] = value;
    } else {
      const inner = nested.get(key);
      if (inner === undefined) out[key] = value;
      else inner[keyName(key)] = value;
    }
  }
  for (const [name, inner] of nested) {
    const relation = model.relations.get(name);
    const related = spec.models.get(relation?.model ?? "");
    const value = related === undefined ? inner : nestRow(spec, related, inner);
    const missing = relation?.required !== true && Object.values(value).every((v) => v === null);
    out[name] = missing ? null : value;
  }
  return out;
}
