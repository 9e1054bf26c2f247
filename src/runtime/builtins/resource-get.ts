import type { BuiltinCommand } from "./builtin-command.js";
import { resourceKey, resourceModel } from "./resource-model.js";

/** `<model> get KEY`: one row, emitted as data and returned. */
export const resourceGet: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const row = await services.store.get(model.name, resourceKey(model, parameters));
  ctx.data(row);
  return row;
};
