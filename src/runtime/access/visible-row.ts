import type { RecordRow } from "../../engines/storage/records/index.js";
import type { ProjectSpec } from "../../spec/project-spec.js";

/**
 * `row` without the fields `spec` hides: a written row answered to a writer who may
 * not read every field of it (see restrictSpec), shaped as their reads are.
 */
export function visibleRow(spec: ProjectSpec, model: string, row: RecordRow): RecordRow {
  const definition = spec.models.get(model);
  if (definition === undefined) return row;
  return Object.fromEntries(
    Object.entries(row).filter(([name]) => definition.fields.get(name)?.hidden !== true),
  );
}
