import { ConfirmationRequired } from "../../foundations/error-codes.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { resourceModel } from "./resource-model.js";

/** `<model> clear [filters] --force`: removes every matching row; refuses without --force. */
export const resourceClear: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const options = {
    filters: services.filters,
    ...(services.filter === undefined ? {} : { filter: services.filter }),
  };
  if (parameters.force !== true) {
    const count = await services.store.count(model.name, options);
    throw ConfirmationRequired.create(
      `${model.name} clear would remove ${count} record${count === 1 ? "" : "s"}`,
      { hint: "Add --force to remove them.", details: { count } },
    );
  }
  const removed = await services.store.clear(model.name, options);
  ctx.success(`removed ${removed} ${model.name} record${removed === 1 ? "" : "s"}`);
  return { removed };
};
