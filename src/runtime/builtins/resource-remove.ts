import { rowKeyLabel } from "../../engines/storage/records/index.js";
import { rowChange } from "../audit/audit-entry.js";
import { recordCommandChanges } from "../audit/command-changes.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { describeKey, resourceKey, resourceModel } from "./resource-model.js";

/**
 * `<model> remove KEY`: removes one row (CAIRN_RECORD_NOT_FOUND when there is none); the
 * audit trail records its values in the same transaction.
 */
export const resourceRemove: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const key = resourceKey(model, parameters);
  const before = await services.store.get(model.name, key);
  await services.store.remove(model.name, key);
  await recordCommandChanges(ctx, services.store, [
    rowChange(model, "remove", rowKeyLabel(model, before), { before }),
  ]);
  ctx.success(`removed ${describeKey(model, key)}`);
  return undefined;
};
