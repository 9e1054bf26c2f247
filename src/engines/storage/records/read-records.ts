import type { ModelDefinition } from "../../../spec/model-definition.js";
import { RecordNotFound } from "../../../foundations/error-codes.js";
import { tableName } from "../naming.js";
import { buildFilter, type FilterOptions } from "../query/build-filter.js";
import { compileFilter } from "../query/compile-filter.js";
import {
  compileListQuery,
  type CompiledList,
  type ListQueryOptions,
} from "../query/compile-list-query.js";
import { decodeRows } from "../query/read-rows.js";
import { keyIdentity, keyLabel, resolveKeys } from "./record-keys.js";
import type { RecordKey, RecordRow } from "./record-store.js";
import type { StoreContext } from "./store-context.js";

/** The list query (compileListQuery) over a store context's database, spec and cipher. */
export function listQueryIn(
  context: StoreContext,
  model: ModelDefinition,
  options: ListQueryOptions,
): CompiledList {
  const { db, adapter, spec, cipher } = context;
  return compileListQuery(db, adapter, spec, model, options, cipher);
}

/** Rows of a model as faces show them: visible fields, relations as related keys. */
export async function listRecords(
  context: StoreContext,
  model: ModelDefinition,
  options: ListQueryOptions,
): Promise<RecordRow[]> {
  const { query, fields } = listQueryIn(context, model, options);
  const rows = await query.execute();
  return decodeRows(context.db, context.adapter, fields, rows, context.cipher);
}

export async function countRecords(
  context: StoreContext,
  model: ModelDefinition,
  options: FilterOptions,
): Promise<number> {
  const table = tableName(model.name);
  const plan = buildFilter(context.spec, model, options, context.cipher);
  let query = context.db.selectFrom(table).select((eb) => eb.fn.countAll().as("count"));
  if (plan !== undefined) query = query.where(compileFilter(plan, context.adapter, table));
  const row = (await query.executeTakeFirst()) as { count: unknown } | undefined;
  return Number(row?.count ?? 0);
}

export function notFound(model: ModelDefinition, key: RecordKey): never {
  throw RecordNotFound.create(`no ${model.name} has the key '${keyLabel(key)}'`, {
    hint: `See the existing ones with \`cairn ${model.name} list\`.`,
    details: { model: model.name, key: key.key },
  });
}

/** The id of the row with this natural key, or CAIRN_RECORD_NOT_FOUND. */
export async function findId(
  context: StoreContext,
  model: ModelDefinition,
  key: RecordKey,
): Promise<number> {
  const resolved = await resolveKeys(context, model, [key]);
  const id = resolved.get(keyIdentity(key))?.id;
  return id ?? notFound(model, key);
}

export async function getRecordById(
  context: StoreContext,
  model: ModelDefinition,
  id: number,
): Promise<RecordRow | undefined> {
  const [row] = await listRecords(context, model, { filters: [{ path: "id", value: id }] });
  return row;
}
