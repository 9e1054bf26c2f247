import type { RecordKey, RecordStore } from "../storage/records/record-store.js";
import { revealField } from "../storage/records/reveal-field.js";
import type { ModelAccess } from "./handler-context.js";

function toKey(key: string | RecordKey): RecordKey {
  return typeof key === "string" ? { key } : key;
}

/**
 * `ctx.model(name)` over the store of the command's transaction. `beforeWrite` lets
 * the executor tell the parent a write lock may be held (SQLite has one writer).
 */
export function createModelAccess(
  store: RecordStore,
  model: string,
  beforeWrite: () => void = () => undefined,
): ModelAccess {
  return {
    list: (options) => store.list(model, options),
    count: (options) => store.count(model, options),
    get: (key) => store.get(model, toKey(key)),
    async save(key, values) {
      beforeWrite();
      return (await store.save(model, toKey(key), values)).row;
    },
    saveMany(rows) {
      beforeWrite();
      return store.saveMany(
        model,
        rows.map((row) => ({ key: toKey(row.key), values: row.values })),
      );
    },
    remove(key) {
      beforeWrite();
      return store.remove(model, toKey(key));
    },
  };
}

/** A config value as `ctx.config` reads it, and whether it came from the secret field. */
export interface ConfigValue {
  readonly value: unknown;
  readonly secret: boolean;
}

/**
 * `ctx.config(name)`: the core `config` model's value; when it has none, its secret
 * (stored encrypted, hidden from every face); undefined when neither is set.
 */
export async function readConfig(store: RecordStore, name: string): Promise<ConfigValue> {
  const reader = store.withSpec(revealField(store.spec, "config", "secret"));
  const rows = await reader.list("config", {
    filters: [{ path: "name", value: name }],
    fields: ["value", "secret"],
    limit: 1,
  });
  const value = rows[0]?.value ?? null;
  if (value !== null) return { value, secret: false };
  const secret = rows[0]?.secret ?? null;
  return secret === null ? { value: undefined, secret: false } : { value: secret, secret: true };
}
