import type { BuiltinCommand } from "./builtin-command.js";
import { describeKey, resourceKey, resourceModel } from "./resource-model.js";

/** `<model> remove KEY`: removes one row (CAIRN_RECORD_NOT_FOUND when there is none). */
export const resourceRemove: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const key = resourceKey(model, parameters);
  await services.store.remove(model.name, key);
  ctx.success(`removed ${describeKey(model, key)}`);
  return undefined;
};
