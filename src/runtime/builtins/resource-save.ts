import { rowKeyLabel } from "../../engines/storage/records/index.js";
import { rowChange } from "../audit/audit-entry.js";
import { recordCommandChanges, storedRow } from "../audit/command-changes.js";
import { visibleRow } from "../access/visible-row.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { RECORD_CHECKS } from "./record-checks.js";
import { describeKey, resourceKey, resourceModel } from "./resource-model.js";

/**
 * `<model> save KEY field=value ...`: creates or updates one row; only given fields
 * change. A model with a record check (RECORD_CHECKS: `schedule`) has the save checked
 * and completed by it first. The audit trail records the change in the same transaction.
 */
export const resourceSave: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const key = resourceKey(model, parameters);
  const given = Object.fromEntries(
    Object.entries(parameters).filter(([name]) => name !== "key" && !model.scope.includes(name)),
  );
  const check = RECORD_CHECKS.get(model.name);
  const values =
    check === undefined
      ? given
      : await check({
          spec: services.spec,
          settings: services.settings,
          store: services.store,
          key: key.key,
          values: given,
          user: ctx.user.name,
        });
  const before = await storedRow(services.store, model.name, key);
  const { row, created } = await services.store.save(model.name, key, values);
  const change = rowChange(model, created ? "create" : "update", rowKeyLabel(model, row), {
    ...(before === undefined ? {} : { before }),
    after: row,
    given: Object.keys(values),
  });
  await recordCommandChanges(ctx, services.store, [change]);
  ctx.success(`${created ? "created" : "updated"} ${describeKey(model, key)}`);
  const reader = await services.reader(model.name);
  return visibleRow(reader.store.spec, model.name, row);
};
