import type { BuiltinCommand } from "./builtin-command.js";
import { describeKey, resourceKey, resourceModel } from "./resource-model.js";

/** `<model> save KEY field=value ...`: creates or updates one row; only given fields change. */
export const resourceSave: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const key = resourceKey(model, parameters);
  const values = Object.fromEntries(
    Object.entries(parameters).filter(([name]) => name !== "key" && !model.scope.includes(name)),
  );
  const { row, created } = await services.store.save(model.name, key, values);
  ctx.success(`${created ? "created" : "updated"} ${describeKey(model, key)}`);
  return row;
};
