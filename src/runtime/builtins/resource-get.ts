import type { BuiltinCommand } from "./builtin-command.js";
import { notFound } from "../../engines/storage/records/index.js";
import { resourceKey, resourceModel } from "./resource-model.js";

/**
 * `<model> get KEY`: one row, emitted as data and returned. A row the user's row-level
 * rules keep from them is not found, exactly as a key no row has.
 */
export const resourceGet: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const key = resourceKey(model, parameters);
  const reader = await services.reader(model.name);
  const row = await reader.store.get(model.name, key);
  if (reader.scope.scope !== undefined) {
    const seen = await reader.store.count(model.name, {
      filters: [{ path: "id", value: row.id }],
      ...reader.scope,
    });
    if (seen === 0) {
      // Answered exactly as for a key no row has, so the row's existence stays unknown.
      notFound(model, key);
    }
  }
  ctx.data(row);
  return row;
};
