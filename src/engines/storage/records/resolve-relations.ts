import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordInvalid } from "../../../foundations/error-codes.js";
import { keyLabel, resolveKeys } from "./record-keys.js";
import type { RecordKey } from "./record-store.js";
import { modelOf, type StoreContext } from "./store-context.js";

/** Relation name -> key identity -> related id, for every key the rows mention. */
export type RelationIds = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * Looks up every related key the rows mention (relation -> identity -> key, each
 * distinct key once) with one query per relation and chunk, not one per row; an
 * unknown key is CAIRN_RECORD_INVALID naming it.
 */
export async function resolveRelations(
  context: StoreContext,
  model: ModelDefinition,
  wanted: ReadonlyMap<string, ReadonlyMap<string, RecordKey>>,
): Promise<RelationIds> {
  const result = new Map<string, Map<string, number>>();
  for (const [name, keys] of wanted) {
    const target = modelOf(context, model.relations.get(name)?.model ?? "");
    const resolved = await resolveKeys(context, target, [...keys.values()]);
    const ids = new Map<string, number>();
    for (const [identity, key] of keys) {
      const id = resolved.get(identity)?.id;
      if (id === undefined) {
        throw RecordInvalid.create(
          `${model.name}.${name}: no ${target.name} has the key '${keyLabel(key)}'`,
          {
            hint: `See the existing keys with \`cairn ${target.name} list\`, or save that ${target.name} first.`,
            details: { model: model.name, field: name, key: key.key },
          },
        );
      }
      ids.set(identity, id);
    }
    result.set(name, ids);
  }
  return result;
}
