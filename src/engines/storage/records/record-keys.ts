import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordInvalid } from "../../../foundations/error-codes.js";
import { foreignKeyColumn } from "../naming.js";
import { keyField } from "../query/compile-fields.js";
import { codecFor } from "./codecs/codec-for.js";
import type { FieldValue } from "./codecs/field-codec.js";
import { ValueError } from "./codecs/value-error.js";
import { selectByKeys, type ScopeFilter } from "./key-lookup.js";
import { keyText, storedKeyText } from "./key-text.js";
import type { RecordKey } from "./record-store.js";
import { modelOf, type StoreContext } from "./store-context.js";

/** A natural key after lookup: its scope's ids and the row id if it exists. */
export interface ResolvedKey {
  /** Scope relation -> related id; undefined when a scope record does not exist. */
  readonly scopeIds: Readonly<Record<string, number>> | undefined;
  readonly id: number | undefined;
}

/** Relation values may be a bare key or a `{key, scope}` object for scoped models. */
export function toRecordKey(raw: unknown): RecordKey | undefined {
  if (typeof raw === "string" || typeof raw === "number") return { key: String(raw) };
  if (typeof raw === "object" && raw !== null && "key" in raw) {
    const { key, scope } = raw as { key: unknown; scope?: unknown };
    if (typeof key !== "string" && typeof key !== "number") return undefined;
    if (scope === undefined) return { key: String(key) };
    if (typeof scope !== "object" || scope === null) return undefined;
    return { key: String(key), scope: scope as Record<string, string> };
  }
  return undefined;
}

export function keyLabel(key: RecordKey): string {
  const scope = Object.entries(key.scope ?? {});
  return scope.length === 0
    ? key.key
    : `${key.key} (${scope.map(([r, k]) => `${r} ${k}`).join(", ")})`;
}

/** A stable identity for a key as given, for maps. */
export function keyIdentity(key: RecordKey): string {
  if (key.scope === undefined) return key.key;
  const names = Object.keys(key.scope);
  if (names.length === 0) return key.key;
  if (names.length > 1) names.sort();
  // Control characters cannot appear in keys typed from text, so they separate safely.
  let identity = key.key;
  for (const name of names) identity += `\u0001${name}\u0002${String(key.scope[name])}`;
  return identity;
}

/** Parses a key with its field's codec; format errors name the key. */
export function parseKeyValue(model: ModelDefinition, key: RecordKey): FieldValue {
  const field = keyField(model);
  try {
    return codecFor(field.type).parse(key.key, field);
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    throw RecordInvalid.create(
      `${model.name}.${field.name}: bad key '${key.key}': ${error.problem}`,
      {
        details: { model: model.name, field: field.name },
        cause: error,
      },
    );
  }
}

interface WantedKey {
  readonly identity: string;
  readonly key: RecordKey;
  readonly match: string;
  readonly stored: unknown;
  readonly scopeIds: Readonly<Record<string, number>>;
}

/** Keys that share one scope filter, looked up together. */
interface ScopeBatch {
  readonly filter: ScopeFilter;
  readonly keys: WantedKey[];
}

/** The scope records' ids of every key, each distinct scope key resolved once. */
async function scopeIdMaps(
  context: StoreContext,
  model: ModelDefinition,
  keys: readonly RecordKey[],
): Promise<Map<string, number>[]> {
  const maps: Map<string, number>[] = [];
  for (const relation of model.scope) {
    const target = modelOf(context, model.relations.get(relation)?.model ?? "");
    const distinct = new Map<string, RecordKey>();
    for (const key of keys) {
      const raw = key.scope?.[relation];
      if (raw === undefined) continue;
      const scopeKey = toRecordKey(raw) ?? { key: raw };
      const identity = keyIdentity(scopeKey);
      if (!distinct.has(identity)) distinct.set(identity, scopeKey);
    }
    const resolved = await resolveKeys(context, target, [...distinct.values()]);
    const ids = new Map<string, number>();
    for (const [identity, found] of resolved)
      if (found.id !== undefined) ids.set(identity, found.id);
    maps.push(ids);
  }
  return maps;
}

function ambiguous(model: ModelDefinition, key: RecordKey): never {
  throw RecordInvalid.create(
    `${model.name} key '${key.key}' is ambiguous: it exists within several ${model.scope.join(", ")}`,
    {
      hint: `Give the scope too: {"key": "${key.key}", "scope": {...}}.`,
      details: { model: model.name },
    },
  );
}

/**
 * Looks up many natural keys of one model at once: scope records first (recursively,
 * each distinct one once), then one query per scope and chunk of key values, filtered
 * by the scope's ids. A key given without its scope matches when exactly one row has it.
 */
export async function resolveKeys(
  context: StoreContext,
  model: ModelDefinition,
  keys: readonly RecordKey[],
): Promise<Map<string, ResolvedKey>> {
  const field = keyField(model);
  const codec = codecFor(field.type);
  const dialect = context.adapter.dialect;
  const scopeMaps = await scopeIdMaps(context, model, keys);
  const result = new Map<string, ResolvedKey>();
  const batches = new Map<string, ScopeBatch>();
  for (const key of keys) {
    const identity = keyIdentity(key);
    if (result.has(identity)) continue;
    const value = parseKeyValue(model, key);
    let scopeIds: Record<string, number> | undefined = {};
    const filter: [string, number][] = [];
    for (const [index, relation] of model.scope.entries()) {
      const raw = key.scope?.[relation];
      if (raw === undefined) continue;
      const id = scopeMaps[index]?.get(keyIdentity(toRecordKey(raw) ?? { key: raw }));
      if (id === undefined) {
        scopeIds = undefined;
        break;
      }
      scopeIds[relation] = id;
      filter.push([foreignKeyColumn(relation), id]);
    }
    result.set(identity, { scopeIds, id: undefined });
    if (scopeIds === undefined) continue;
    const batchId = filter.map(([column, id]) => `${column}=${String(id)}`).join(",");
    let batch = batches.get(batchId);
    if (batch === undefined) {
      batch = { filter, keys: [] };
      batches.set(batchId, batch);
    }
    batch.keys.push({
      identity,
      key,
      match: keyText(field, value, dialect),
      stored: codec.toDb(value, dialect),
      scopeIds,
    });
  }
  for (const batch of batches.values()) {
    const rows = await selectByKeys(
      context,
      model,
      batch.filter,
      batch.keys.map((k) => k.stored),
    );
    const byMatch = new Map<string, number[]>();
    for (const row of rows) {
      const match = storedKeyText(field, row[field.name], dialect);
      const ids = byMatch.get(match);
      if (ids === undefined) byMatch.set(match, [Number(row.id)]);
      else ids.push(Number(row.id));
    }
    for (const wanted of batch.keys) {
      const ids = byMatch.get(wanted.match) ?? [];
      if (ids.length > 1) ambiguous(model, wanted.key);
      result.set(wanted.identity, { scopeIds: wanted.scopeIds, id: ids[0] });
    }
  }
  return result;
}
