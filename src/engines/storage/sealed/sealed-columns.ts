import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { fieldHashColumn, tableName } from "../naming.js";

/** The encrypted fields of one model, as rotation and the key checks read them. */
export interface SealedTable {
  readonly model: ModelDefinition;
  readonly table: string;
  readonly fields: readonly FieldDefinition[];
}

/** Every model with encrypted fields, with those fields. */
export function sealedTables(spec: ProjectSpec): SealedTable[] {
  const tables: SealedTable[] = [];
  for (const model of spec.models.values()) {
    const fields = [...model.fields.values()].filter((f) => f.encrypted);
    if (fields.length > 0) tables.push({ model, table: tableName(model.name), fields });
  }
  return tables;
}

/** The hash column of a searchable field, undefined for others. */
export function hashColumnOf(field: FieldDefinition): string | undefined {
  return field.searchable === true ? fieldHashColumn(field.name) : undefined;
}
