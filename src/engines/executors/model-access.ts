import type { RecordKey, RecordStore } from "../storage/records/record-store.js";
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

/** `ctx.config(name)`: the core `config` model's value, or undefined when unset. */
export async function readConfig(store: RecordStore, name: string): Promise<unknown> {
  const rows = await store.list("config", {
    filters: [{ path: "name", value: name }],
    fields: ["value"],
    limit: 1,
  });
  return rows[0]?.value ?? undefined;
}
