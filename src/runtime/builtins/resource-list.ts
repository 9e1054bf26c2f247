import type { ListOptions, RecordRow } from "../../engines/storage/records/record-store.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { resourceModel } from "./resource-model.js";

/** `<model> list`: rows matching the filters, shown as a table and returned. */
export const resourceList: BuiltinCommand = async (ctx, parameters, services) => {
  const model = resourceModel(services);
  const { order, fields, limit, offset } = parameters as {
    order?: string[];
    fields?: string[];
    limit?: number;
    offset?: number;
  };
  const options: ListOptions = {
    filters: services.filters,
    ...(services.filter === undefined ? {} : { filter: services.filter }),
    ...(order === undefined ? {} : { order }),
    ...(fields === undefined ? {} : { fields }),
    ...(limit === undefined ? {} : { limit }),
    ...(offset === undefined ? {} : { offset }),
  };
  const reader = await services.reader(model.name);
  const rows: RecordRow[] = await reader.store.list(model.name, { ...options, ...reader.scope });
  const columns = fields ?? visibleColumns(reader.store.spec, model.name, rows);
  ctx.table(rows, columns);
  return rows;
};

/** The columns of a table without `fields`: the model's visible fields, then relations. */
function visibleColumns(spec: ProjectSpec, name: string, rows: readonly RecordRow[]): string[] {
  const model = spec.models.get(name);
  if (model === undefined) return Object.keys(rows[0] ?? {});
  const declared = [
    ...[...model.fields.values()].filter((field) => !field.hidden).map((field) => field.name),
    ...model.relations.keys(),
  ];
  const first = rows[0];
  return first === undefined ? declared : declared.filter((column) => column in first);
}
