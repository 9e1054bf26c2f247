import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordConflict, RecordInvalid } from "../../../foundations/error-codes.js";
import { tableName } from "../naming.js";
import { codecFor } from "../records/codecs/codec-for.js";
import { translateDatabaseError } from "../records/database-errors.js";
import type { WriteInput } from "../records/pending-rows.js";
import { parseFieldValue } from "../records/field-values.js";
import { getRecordById, listRecords } from "../records/read-records.js";
import { keyIdentity, keyLabel, resolveKeys } from "../records/record-keys.js";
import type { RecordKey, RecordRow } from "../records/record-store.js";
import { removeIds } from "../records/remove-records.js";
import { rowKeyLabel, type ChangeObserver } from "../records/row-change.js";
import { chunked, type StoreContext } from "../records/store-context.js";
import { writeRows, type WriteOutcome } from "../records/write-rows.js";
import { idNotFound } from "./id-not-found.js";
import { existingRows, insertChanges, reportChanges } from "./write-changes.js";

type Values = Readonly<Record<string, unknown>>;

function keyPart(raw: unknown): string | undefined {
  return typeof raw === "string" || typeof raw === "number" ? String(raw) : undefined;
}

/**
 * An input object as the write path takes it: the key (and scope relations' keys) read
 * from its own fields, every field left in the values so the write path checks the
 * key and scope agree. Models keyed by `id` create a row when no id is given.
 */
function writeInput(model: ModelDefinition, row: Values, index: number): WriteInput {
  if (typeof row !== "object" || Array.isArray(row)) {
    throw RecordInvalid.create(`${model.name} row ${String(index)} is not an object`, {
      details: { model: model.name, index },
    });
  }
  const { id, ...rest } = row;
  const byId = model.key === "id";
  const key = keyPart(byId ? id : row[model.key]) ?? (byId ? "" : undefined);
  if (key === undefined) {
    throw RecordInvalid.create(`${model.name} row ${String(index)} has no key '${model.key}'`, {
      hint: `Give each ${model.name} its ${model.key}${model.scope.length > 0 ? ` and ${model.scope.join(", ")}` : ""}.`,
      details: { model: model.name, field: model.key, index },
    });
  }
  const scope: Record<string, string> = {};
  for (const relation of model.scope) {
    const given = row[relation];
    if (given !== undefined && given !== null)
      scope[relation] = keyPart(given) ?? (given as string);
  }
  const recordKey: RecordKey = model.scope.length === 0 ? { key } : { key, scope };
  return { key: recordKey, values: byId ? rest : row };
}

async function write(context: StoreContext, model: ModelDefinition, inputs: readonly WriteInput[]) {
  try {
    return await writeRows(context, model, inputs);
  } catch (error) {
    throw translateDatabaseError(error, model.name, "save");
  }
}

function conflict(model: ModelDefinition, key: RecordKey): never {
  throw RecordConflict.create(`a ${model.name} with the key '${keyLabel(key)}' already exists`, {
    hint: "Update it by id, or insert with on_conflict=update.",
    details: { model: model.name, field: model.key, key: key.key },
  });
}

/** Refuses keys that exist already, or that the input gives twice. */
async function checkNew(
  context: StoreContext,
  model: ModelDefinition,
  inputs: readonly WriteInput[],
) {
  const keys = inputs.map((input) => input.key).filter((key) => key.key !== "");
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(keyIdentity(key))) conflict(model, key);
    seen.add(keyIdentity(key));
  }
  const found = await resolveKeys(context, model, keys);
  for (const key of keys) if (found.get(keyIdentity(key))?.id !== undefined) conflict(model, key);
}

/**
 * The id of each written row. The bulk write path skips reading back ids of new rows
 * it does not need; those are looked up by key, once per scope batch.
 */
async function storedIds(
  context: StoreContext,
  model: ModelDefinition,
  inputs: readonly WriteInput[],
  outcomes: readonly WriteOutcome[],
): Promise<number[]> {
  if (outcomes.every((outcome) => outcome.id > 0)) return outcomes.map((outcome) => outcome.id);
  const found = await resolveKeys(
    context,
    model,
    inputs.map((input) => input.key),
  );
  return outcomes.map((outcome, i) => {
    const key = inputs[i]?.key;
    const id = outcome.id > 0 || key === undefined ? outcome.id : found.get(keyIdentity(key))?.id;
    return id ?? 0;
  });
}

/** The stored rows of `ids`, in that order. */
async function rowsOf(context: StoreContext, model: ModelDefinition, ids: readonly number[]) {
  const byId = new Map<number, RecordRow>();
  for (const chunk of chunked([...new Set(ids)], 1, context)) {
    const rows = await listRecords(context, model, {
      filters: [{ path: "id__in", value: chunk }],
    });
    for (const row of rows) byId.set(Number(row.id), row);
  }
  return ids.map((id) => byId.get(id) ?? idNotFound(model, id));
}

/** Creates (or with `update`, upserts) rows through the record store's one write path, in one transaction. */
export function insertRows(
  context: StoreContext,
  model: ModelDefinition,
  rows: readonly Values[],
  onConflict: "error" | "update",
  observe?: ChangeObserver,
): Promise<RecordRow[]> {
  return context.db.transaction().execute(async (trx) => {
    const inner = { ...context, db: trx };
    const inputs = rows.map((row, i) => writeInput(model, row, i));
    if (onConflict === "error") await checkNew(inner, model, inputs);
    const before =
      observe === undefined || onConflict === "error"
        ? new Map<number, RecordRow>()
        : await existingRows(inner, model, inputs, (ids) => rowsOf(inner, model, ids));
    const outcomes = await write(inner, model, inputs);
    const stored = await rowsOf(inner, model, await storedIds(inner, model, inputs, outcomes));
    await reportChanges(inner, observe, () => insertChanges(model, inputs, stored, before));
    return stored;
  });
}

/** Changes the given fields of one row, validated as any save; its key comes from the row. */
/**
 * A row addressed by id may change its natural key: the key column is updated first
 * (the unique index answers a clash as CAIRN_RECORD_CONFLICT), then the other values go
 * through the write path under the new key. Scope relations are part of the identity
 * and cannot move this way.
 */
async function renameKey(
  context: StoreContext,
  model: ModelDefinition,
  id: number,
  current: RecordKey,
  values: Values,
): Promise<RecordKey> {
  const field = model.fields.get(model.key);
  const given = values[model.key];
  if (model.key === "id" || field === undefined || given === undefined) return current;
  const value = parseFieldValue(model, field, given);
  const text = keyPart(value);
  if (value === null || text === undefined || text === current.key) return current;
  for (const relation of model.scope) {
    const moved = keyPart(values[relation]);
    if (moved !== undefined && moved !== current.scope?.[relation]) {
      throw RecordInvalid.create(
        `${model.name}.${relation}: a ${model.name} cannot move to another ${relation}`,
        {
          hint: `Remove it and create it under the other ${relation}.`,
          details: { model: model.name, field: relation },
        },
      );
    }
  }
  try {
    await context.db
      .updateTable(tableName(model.name))
      .set({ [model.key]: codecFor(field.type).toDb(value, context.adapter.dialect) })
      .where("id", "=", id)
      .execute();
  } catch (error) {
    throw translateDatabaseError(error, model.name, "save");
  }
  return { ...current, key: text };
}

export function updateById(
  context: StoreContext,
  model: ModelDefinition,
  id: number,
  values: Values,
  observe?: ChangeObserver,
): Promise<RecordRow> {
  return context.db.transaction().execute(async (trx) => {
    const inner = { ...context, db: trx };
    const row = (await getRecordById(inner, model, id)) ?? idNotFound(model, id);
    const key = await renameKey(inner, model, id, writeInput(model, row, 0).key, values);
    await write(inner, model, [{ key, values }]);
    const after = (await getRecordById(inner, model, id)) ?? idNotFound(model, id);
    await reportChanges(inner, observe, () => [
      {
        action: "update",
        model: model.name,
        id,
        key: rowKeyLabel(model, after),
        before: row,
        after,
        given: Object.keys(values),
      },
    ]);
    return after;
  });
}

export function removeById(
  context: StoreContext,
  model: ModelDefinition,
  id: number,
  observe?: ChangeObserver,
): Promise<void> {
  return context.db.transaction().execute(async (trx) => {
    const inner = { ...context, db: trx };
    const before = (await getRecordById(inner, model, id)) ?? idNotFound(model, id);
    await removeIds(inner, model, [id]);
    await reportChanges(inner, observe, () => [
      { action: "remove", model: model.name, id, key: rowKeyLabel(model, before), before },
    ]);
  });
}
