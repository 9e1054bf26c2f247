import { RecordInvalid, RecordNotFound } from "../../../foundations/error-codes.js";
import { anyRowIn, selectByKeys } from "./key-lookup.js";
import { storedKeyText } from "./key-text.js";
import type { PendingRow, ScopeGroup } from "./pending-rows.js";
import { keyIdentity, keyLabel, resolveKeys } from "./record-keys.js";
import type { RecordKey } from "./record-store.js";
import { modelOf, type StoreContext } from "./store-context.js";
import type { WritePlan } from "./write-plan.js";

/** Below this many keys a bulk write looks them up directly rather than probing first. */
const PROBE_FROM = 64;

/** Resolves each group's scope records once per distinct scope key. */
async function resolveScopes(
  context: StoreContext,
  plan: WritePlan,
  groups: readonly ScopeGroup[],
): Promise<void> {
  const model = plan.model;
  for (const [index, relation] of model.scope.entries()) {
    const target = modelOf(context, model.relations.get(relation)?.model ?? "");
    const keys = new Map<string, RecordKey>();
    for (const group of groups) {
      const key = group.scope[index];
      if (key !== undefined) keys.set(keyIdentity(key), key);
    }
    const resolved = await resolveKeys(context, target, [...keys.values()]);
    for (const group of groups) {
      const key = group.scope[index];
      const id = key === undefined ? undefined : resolved.get(keyIdentity(key))?.id;
      if (id === undefined) {
        const first = group.rows.values().next().value;
        throw RecordInvalid.create(
          `${model.name} ${first === undefined ? "" : keyLabel(first.key)}: its ${model.scope.join(", ")} does not exist`,
          { hint: "Save the scope record first.", details: { model: model.name } },
        );
      }
      group.ids = [...group.ids, id];
    }
  }
}

/** Sets `id` on the rows (of `only`, else all) of one group that already exist. */
async function findInGroup(
  context: StoreContext,
  plan: WritePlan,
  group: ScopeGroup,
  only?: readonly PendingRow[],
): Promise<void> {
  const rows = only ?? [...group.rows.values()];
  if (rows.length === 0) return;
  const filter = plan.scopeColumns.map((column, i) => [column, group.ids[i] ?? 0] as const);
  const found = await selectByKeys(
    context,
    plan.model,
    filter,
    rows.map((row) => row.storedKey),
  );
  const field = plan.keyField;
  for (const stored of found) {
    const match = storedKeyText(field, stored[field.name], plan.dialect);
    const row = group.rows.get(match);
    if (row !== undefined) row.id = Number(stored.id);
  }
}

/**
 * Finds which rows already exist: scope records first, then (unless a probe shows the
 * scopes hold no rows at all, as in a bulk load) the keys, one query per scope group
 * and chunk. Unknown ids of a model keyed by id are CAIRN_RECORD_NOT_FOUND.
 */
export async function locateRows(
  context: StoreContext,
  plan: WritePlan,
  groups: readonly ScopeGroup[],
): Promise<void> {
  await resolveScopes(context, plan, groups);
  let keyed = 0;
  for (const group of groups) keyed += group.rows.size;
  if (keyed === 0) return;
  if (keyed >= PROBE_FROM && plan.keySlot !== undefined) {
    const ids = groups.flatMap((group) => group.ids.slice(0, 1));
    if (!(await anyRowIn(context, plan.model, plan.scopeColumns[0], ids))) return;
  }
  for (const group of groups) await findInGroup(context, plan, group);
  if (plan.keySlot !== undefined) return;
  for (const group of groups) {
    for (const row of group.rows.values()) {
      if (row.id !== undefined) continue;
      const model = plan.model;
      throw RecordNotFound.create(`no ${model.name} has the id ${row.key.key}`, {
        hint: `Save without an id to create one; list them with \`cairn ${model.name} list\`.`,
      });
    }
  }
}

/** Reads back the ids of rows just inserted (those that need one). */
export async function findIds(
  context: StoreContext,
  plan: WritePlan,
  rows: readonly PendingRow[],
): Promise<void> {
  const byGroup = new Map<ScopeGroup, PendingRow[]>();
  for (const row of rows) {
    const list = byGroup.get(row.group);
    if (list === undefined) byGroup.set(row.group, [row]);
    else list.push(row);
  }
  for (const [group, list] of byGroup) await findInGroup(context, plan, group, list);
}
