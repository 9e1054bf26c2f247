import {
  rowKeyLabel,
  type FilterInput,
  type RecordStore,
} from "../../engines/storage/records/index.js";
import { ConfirmationRequired } from "../../foundations/error-codes.js";
import type { ModelDefinition } from "../../spec/model-definition.js";
import { rowChange, type AuditActor } from "../audit/audit-entry.js";
import { commandActor, recordChanges } from "../audit/record-changes.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { resourceModel } from "./resource-model.js";

/** Rows read, removed and recorded in the audit trail together. */
const BATCH = 500;

/**
 * Removes the matching rows by id, a batch at a time, recording each batch's values.
 * Only rows up to the last one matching at the start: the entries recorded on the way
 * (clearing the audit trail itself) are not cleared in turn.
 */
async function clearInBatches(
  store: RecordStore,
  model: ModelDefinition,
  options: { readonly filters: readonly FilterInput[]; readonly filter?: string },
  actor: AuditActor,
): Promise<number> {
  const [last] = await store.list(model.name, {
    ...options,
    fields: ["id"],
    order: ["-id"],
    limit: 1,
  });
  if (last === undefined) return 0;
  let removed = 0;
  let after = 0;
  for (;;) {
    const rows = await store.list(model.name, {
      ...options,
      filters: [
        ...options.filters,
        { path: "id__gt", value: after },
        { path: "id__lte", value: Number(last.id) },
      ],
      order: ["id"],
      limit: BATCH,
    });
    if (rows.length === 0) return removed;
    const ids = rows.map((row) => Number(row.id));
    removed += await store.clear(model.name, { filters: [{ path: "id__in", value: ids }] });
    const changes = rows.map((before) =>
      rowChange(model, "remove", rowKeyLabel(model, before), { before }),
    );
    await recordChanges(store, changes, actor);
    if (rows.length < BATCH) return removed;
    after = ids[ids.length - 1] ?? after;
  }
}

/**
 * `<model> clear [filters] --force`: removes every matching row; refuses without --force.
 * Rows go in batches by id, each batch's values recorded in the audit trail, all in the
 * command's one transaction.
 */
export const resourceClear: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const { store } = services;
  const options = {
    filters: services.filters,
    ...(services.filter === undefined ? {} : { filter: services.filter }),
  };
  // Counted as the user reads the model: a filter on a field they may not see is unknown.
  const count = await (await services.reader(model.name)).store.count(model.name, options);
  if (parameters.force !== true) {
    throw ConfirmationRequired.create(
      `${model.name} clear would remove ${count} record${count === 1 ? "" : "s"}`,
      { hint: "Add --force to remove them.", details: { count } },
    );
  }
  const actor = await commandActor(store, ctx.execution, ctx.user.name);
  const removed = await clearInBatches(store, model, options, actor);
  ctx.success(`removed ${removed} ${model.name} record${removed === 1 ? "" : "s"}`);
  return { removed };
};
