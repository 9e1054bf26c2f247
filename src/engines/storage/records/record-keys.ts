import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordInvalid } from "../../../foundations/error-codes.js";
import { foreignKeyColumn, tableName } from "../naming.js";
import { keyField } from "../query/compile-fields.js";
import { codecFor } from "./codecs/codec-for.js";
import type { FieldValue } from "./codecs/field-codec.js";
import { ValueError } from "./codecs/value-error.js";
import type { RecordKey } from "./record-store.js";
import { chunked, modelOf, type StoreContext } from "./store-context.js";

/** A natural key after lookup: its typed value, its scope's ids and the row id if it exists. */
export interface ResolvedKey {
  readonly value: FieldValue;
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

function parseKeyValue(model: ModelDefinition, key: RecordKey): FieldValue {
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

/** Decoded form used to match typed keys with rows read back from the database. */
function comparable(context: StoreContext, field: FieldDefinition, value: unknown): string {
  const decoded = codecFor(field.type).fromDb(value, context.adapter.dialect, field);
  return typeof decoded === "string" ? decoded : JSON.stringify(decoded);
}

/**
 * Looks up many natural keys of one model at once: scope records first (recursively),
 * then one query per chunk of key values. A key given without its scope matches when
 * exactly one row has it.
 */
export async function resolveKeys(
  context: StoreContext,
  model: ModelDefinition,
  keys: readonly RecordKey[],
): Promise<Map<string, ResolvedKey>> {
  const field = keyField(model);
  const codec = codecFor(field.type);
  const dialect = context.adapter.dialect;
  const scopeMaps = new Map<string, Map<string, ResolvedKey>>();
  for (const relation of model.scope) {
    const target = modelOf(context, model.relations.get(relation)?.model ?? "");
    const scopeKeys = keys.flatMap((k) => {
      const raw = k.scope?.[relation];
      return raw === undefined ? [] : [toRecordKey(raw) ?? { key: raw }];
    });
    scopeMaps.set(relation, await resolveKeys(context, target, scopeKeys));
  }
  const parsed = new Map<string, { key: RecordKey; value: FieldValue; identity: string }>();
  const dbValues = new Map<string, unknown>();
  for (const key of keys) {
    const identity = keyIdentity(key);
    if (parsed.has(identity)) continue;
    const value = parseKeyValue(model, key);
    const stored = codec.toDb(value, dialect);
    const match = comparable(context, field, stored);
    parsed.set(identity, { key, value, identity: match });
    dbValues.set(match, stored);
  }
  const scopeColumns = model.scope.map(foreignKeyColumn);
  const rows: Record<string, unknown>[] = [];
  for (const chunk of chunked([...dbValues.values()], 1, context)) {
    if (chunk.length === 0) continue;
    rows.push(
      ...((await context.db
        .selectFrom(tableName(model.name))
        .select(["id", field.name, ...scopeColumns])
        .where(field.name, "in", chunk)
        .execute()) as Record<string, unknown>[]),
    );
  }
  const byKey = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const identity = comparable(context, field, row[field.name]);
    const list = byKey.get(identity);
    if (list === undefined) byKey.set(identity, [row]);
    else list.push(row);
  }
  const result = new Map<string, ResolvedKey>();
  for (const [keyId, { key, value, identity }] of parsed) {
    let scopeIds: Record<string, number> | undefined = {};
    for (const relation of model.scope) {
      const raw = key.scope?.[relation];
      if (raw === undefined) continue;
      const id = scopeMaps.get(relation)?.get(keyIdentity(toRecordKey(raw) ?? { key: raw }))?.id;
      if (id === undefined) scopeIds = undefined;
      else if (scopeIds !== undefined) scopeIds[relation] = id;
    }
    const matching = byKey.get(identity) ?? [];
    const candidates =
      model.scope.length === 0 && key.scope === undefined
        ? matching
        : matching.filter(
            (row) =>
              scopeIds !== undefined &&
              Object.entries(scopeIds).every(([r, id]) => Number(row[foreignKeyColumn(r)]) === id),
          );
    if (candidates.length > 1) {
      throw RecordInvalid.create(
        `${model.name} key '${key.key}' is ambiguous: it exists within several ${model.scope.join(", ")}`,
        {
          hint: `Give the scope too: {"key": "${key.key}", "scope": {...}}.`,
          details: { model: model.name },
        },
      );
    }
    const row = candidates[0];
    result.set(keyId, { value, scopeIds, id: row === undefined ? undefined : Number(row.id) });
  }
  return result;
}
