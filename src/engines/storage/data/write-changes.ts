import type { ModelDefinition } from "../../../spec/model-definition.js";
import { transactionStore } from "../records/create-record-store.js";
import type { WriteInput } from "../records/pending-rows.js";
import { keyIdentity, resolveKeys } from "../records/record-keys.js";
import type { RecordRow } from "../records/record-store.js";
import { rowKeyLabel, type ChangeObserver, type RowChange } from "../records/row-change.js";
import type { StoreContext } from "../records/store-context.js";

/** The stored rows, by id, of the inputs whose key exists already (those an upsert updates). */
export async function existingRows(
  context: StoreContext,
  model: ModelDefinition,
  inputs: readonly WriteInput[],
  rowsOf: (ids: readonly number[]) => Promise<RecordRow[]>,
): Promise<Map<number, RecordRow>> {
  const keys = inputs.map((input) => input.key).filter((key) => key.key !== "");
  const found = await resolveKeys(context, model, keys);
  const ids = new Set<number>();
  for (const key of keys) {
    const id = found.get(keyIdentity(key))?.id;
    if (id !== undefined) ids.add(id);
  }
  const rows = await rowsOf([...ids]);
  return new Map(rows.map((row) => [Number(row.id), row]));
}

/**
 * One change per stored row of an insert (an input given twice under one key wrote one
 * row): `update` where the row existed before, else `create`; `given` gathers every
 * field the inputs of that row gave.
 */
export function insertChanges(
  model: ModelDefinition,
  inputs: readonly WriteInput[],
  stored: readonly RecordRow[],
  before: ReadonlyMap<number, RecordRow>,
): RowChange[] {
  const byId = new Map<number, { after: RecordRow; given: Set<string> }>();
  stored.forEach((after, i) => {
    const id = Number(after.id);
    const entry = byId.get(id) ?? { after, given: new Set<string>() };
    entry.after = after;
    for (const name of Object.keys(inputs[i]?.values ?? {})) entry.given.add(name);
    byId.set(id, entry);
  });
  return [...byId].map(([id, { after, given }]) => {
    const old = before.get(id);
    return {
      action: old === undefined ? "create" : "update",
      model: model.name,
      id,
      key: rowKeyLabel(model, after),
      ...(old === undefined ? {} : { before: old }),
      after,
      given: [...given],
    };
  });
}

/** Tells `observe`, when there is one, of `changes` inside the write's transaction. */
export async function reportChanges(
  context: StoreContext,
  observe: ChangeObserver | undefined,
  changes: () => readonly RowChange[],
): Promise<void> {
  if (observe === undefined) return;
  const store = transactionStore({ ...context, spec: observe.spec ?? context.spec });
  await observe.changed(changes(), store);
}
