import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordInvalid, RecordNotFound } from "../../../foundations/error-codes.js";
import { foreignKeyColumn, tableName } from "../naming.js";
import { codecFor } from "./codecs/codec-for.js";
import type { FieldValue } from "./codecs/field-codec.js";
import { invalid, parseFieldValue, prepareValues, type PreparedValues } from "./prepare-values.js";
import { keyIdentity, keyLabel, resolveKeys } from "./record-keys.js";
import type { RecordKey } from "./record-store.js";
import { resolveRelations, type RelationIds } from "./resolve-relations.js";
import { chunked, type StoreContext } from "./store-context.js";
import { replaceManyToMany } from "./write-many-to-many.js";

export interface WriteInput {
  readonly key: RecordKey;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface WriteOutcome {
  readonly id: number;
  readonly created: boolean;
}

type Row = Record<string, unknown>;

interface PendingRow {
  readonly key: RecordKey;
  readonly prepared: PreparedValues;
  id: number | undefined;
  scopeIds: Readonly<Record<string, number>>;
  keyValue: FieldValue | undefined;
}

/** Removes the key and scope from the values (they come from the key) after checking they agree. */
function splitKey(model: ModelDefinition, input: WriteInput): PreparedValues {
  const prepared = prepareValues(model, input.values);
  if (prepared.fields.has(model.key)) {
    const given = input.values[model.key];
    if (String(given) !== input.key.key) {
      invalid(
        model.name,
        model.key,
        `the key is '${input.key.key}' but values set it to '${String(given)}'`,
      );
    }
    prepared.fields.delete(model.key);
  }
  for (const relation of model.scope) {
    const given = prepared.toOne.get(relation);
    if (given !== undefined && given?.key !== input.key.scope?.[relation]) {
      invalid(model.name, relation, "the key's scope and the values disagree");
    }
    prepared.toOne.delete(relation);
  }
  return prepared;
}

/** Merges repeated keys (later values win) so each key is written once. */
function mergeRows(model: ModelDefinition, inputs: readonly WriteInput[]) {
  const rows = new Map<string, PendingRow>();
  const order: string[] = [];
  for (const [index, input] of inputs.entries()) {
    const identity =
      model.key === "id" && input.key.key === "" ? `new:${index}` : keyIdentity(input.key);
    order.push(identity);
    const prepared = splitKey(model, input);
    const existing = rows.get(identity);
    if (existing === undefined) {
      rows.set(identity, {
        key: input.key,
        prepared,
        id: undefined,
        scopeIds: {},
        keyValue: undefined,
      });
    } else {
      for (const [k, v] of prepared.fields) existing.prepared.fields.set(k, v);
      for (const [k, v] of prepared.toOne) existing.prepared.toOne.set(k, v);
      for (const [k, v] of prepared.manyToMany) existing.prepared.manyToMany.set(k, v);
    }
  }
  return { rows, order };
}

async function locateRows(context: StoreContext, model: ModelDefinition, rows: PendingRow[]) {
  const keyed = rows.filter((row) => !(model.key === "id" && row.key.key === ""));
  for (const row of keyed) {
    const missing = model.scope.filter((r) => row.key.scope?.[r] === undefined);
    if (missing.length > 0) {
      invalid(
        model.name,
        model.key,
        `keys of ${model.name} are scoped by ${model.scope.join(", ")}; give ${missing.join(", ")} for '${row.key.key}'`,
      );
    }
  }
  const resolved = await resolveKeys(
    context,
    model,
    keyed.map((row) => row.key),
  );
  for (const row of keyed) {
    const found = resolved.get(keyIdentity(row.key));
    if (found === undefined) continue;
    if (found.scopeIds === undefined) {
      throw RecordInvalid.create(
        `${model.name} ${keyLabel(row.key)}: its ${model.scope.join(", ")} does not exist`,
        {
          hint: "Save the scope record first.",
          details: { model: model.name },
        },
      );
    }
    if (model.key === "id" && found.id === undefined) {
      throw RecordNotFound.create(`no ${model.name} has the id ${row.key.key}`, {
        hint: `Save without an id to create one; list them with \`cairn ${model.name} list\`.`,
      });
    }
    row.id = found.id;
    row.scopeIds = found.scopeIds;
    row.keyValue = found.value;
  }
}

function relationColumns(row: PendingRow, ids: RelationIds, target: Row): void {
  for (const [name, key] of row.prepared.toOne) {
    target[foreignKeyColumn(name)] = key === null ? null : ids.get(name)?.get(keyIdentity(key));
  }
  for (const [relation, id] of Object.entries(row.scopeIds))
    target[foreignKeyColumn(relation)] = id;
}

const DEFAULTS = new WeakMap<FieldDefinition, FieldValue | null>();

/** A field's spec default, typed once per field rather than once per row. */
function defaultValue(model: ModelDefinition, field: FieldDefinition): FieldValue | null {
  let value = DEFAULTS.get(field);
  if (value === undefined) {
    value = field.default === undefined ? null : parseFieldValue(model, field, field.default);
    DEFAULTS.set(field, value);
  }
  return value;
}

function insertRow(
  context: StoreContext,
  model: ModelDefinition,
  row: PendingRow,
  ids: RelationIds,
  now: unknown,
): Row {
  const dialect = context.adapter.dialect;
  const result: Row = {};
  for (const field of model.fields.values()) {
    if (field.system) continue;
    let value: FieldValue | null | undefined = row.prepared.fields.get(field.name);
    if (field.name === model.key && model.key !== "id") {
      // Full checks (max_length, choices, min/max) on the key of a new row.
      value = parseFieldValue(model, field, row.key.key);
    }
    if (value === undefined) value = defaultValue(model, field);
    if (value === null && field.required)
      invalid(
        model.name,
        field.name,
        `a value is required to create ${model.name} '${keyLabel(row.key)}'`,
      );
    result[field.name] = value === null ? null : codecFor(field.type).toDb(value, dialect);
  }
  for (const relation of model.relations.values()) {
    if (relation.multiple) continue;
    result[foreignKeyColumn(relation.name)] = null;
  }
  relationColumns(row, ids, result);
  for (const relation of model.relations.values()) {
    if (
      !relation.multiple &&
      relation.required &&
      result[foreignKeyColumn(relation.name)] == null
    ) {
      invalid(
        model.name,
        relation.name,
        `a related ${relation.model} is required to create ${model.name} '${keyLabel(row.key)}'`,
      );
    }
  }
  result.created = now;
  result.updated = now;
  return result;
}

function updateRow(
  context: StoreContext,
  model: ModelDefinition,
  row: PendingRow,
  ids: RelationIds,
  now: unknown,
): Row {
  const result: Row = {};
  for (const [name, value] of row.prepared.fields) {
    const field = model.fields.get(name);
    if (field === undefined) continue;
    result[name] =
      value === null ? null : codecFor(field.type).toDb(value, context.adapter.dialect);
  }
  relationColumns({ ...row, scopeIds: {} }, ids, result);
  result.updated = now;
  return result;
}

/**
 * The one write path of save and saveMany: typed values, keys and relation keys looked
 * up in batches, multi-row INSERTs in chunks under the parameter limit, UPDATEs for
 * existing keys, many-to-many lists replaced. Call it inside a transaction.
 */
export async function writeRows(
  context: StoreContext,
  model: ModelDefinition,
  inputs: readonly WriteInput[],
): Promise<WriteOutcome[]> {
  const { rows, order } = mergeRows(model, inputs);
  const pending = [...rows.values()];
  await locateRows(context, model, pending);
  const ids = await resolveRelations(
    context,
    model,
    pending.map((row) => row.prepared),
  );
  const now = codecFor("datetime").toDb(new Date().toISOString(), context.adapter.dialect);
  const table = tableName(model.name);
  const creates = pending.filter((row) => row.id === undefined);
  const created = new Set(creates);
  const values = creates.map((row) => insertRow(context, model, row, ids, now));
  const autoId = creates.filter(
    (row) => model.key === "id" || row.prepared.manyToMany.size > 0 || pending.length === 1,
  );
  if (model.key === "id") {
    for (const [i, row] of creates.entries()) {
      const insert = context.db.insertInto(table).values(values[i] ?? {});
      if (context.adapter.dialect === "mysql") {
        row.id = Number((await insert.executeTakeFirstOrThrow()).insertId);
      } else {
        const inserted = await insert.returning("id").executeTakeFirstOrThrow();
        row.id = Number(inserted.id);
      }
    }
  } else {
    const columns = Object.keys(values[0] ?? {}).length;
    for (const chunk of chunked(values, columns, context)) {
      await context.db.insertInto(table).values(chunk).execute();
    }
    if (autoId.length > 0) {
      const found = await resolveKeys(
        context,
        model,
        autoId.map((row) => row.key),
      );
      for (const row of autoId) row.id = found.get(keyIdentity(row.key))?.id;
    }
  }
  for (const row of pending) {
    if (created.has(row) || row.id === undefined) continue;
    await context.db
      .updateTable(table)
      .set(updateRow(context, model, row, ids, now))
      .where("id", "=", row.id)
      .execute();
  }
  await replaceManyToMany(context, model, pending, ids);
  return order.map((identity) => {
    const row = rows.get(identity);
    return { id: row?.id ?? 0, created: row !== undefined && created.has(row) };
  });
}
