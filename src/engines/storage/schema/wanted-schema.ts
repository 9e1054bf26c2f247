import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { FieldType } from "../../../spec/field-types.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { OnDelete } from "../../../spec/relation-definition.js";
import {
  JOIN_SOURCE_COLUMN,
  JOIN_TARGET_COLUMN,
  fieldHashColumn,
  foreignKeyColumn,
  joinTableName,
  tableName,
} from "../naming.js";
import { columnDefaultFromSpec } from "./column-defaults.js";
import { foreignKeyName, indexName, uniqueIndexName } from "./constraint-names.js";
import type {
  ColumnSchema,
  ColumnType,
  DatabaseSchema,
  ForeignKeyAction,
  ForeignKeySchema,
  IndexSchema,
  TableSchema,
} from "./schema-types.js";

/** Lengths and digits used when a spec leaves them out. */
export const DEFAULT_STRING_LENGTH = 255;
export const DEFAULT_DECIMAL_PRECISION = 18;
export const DEFAULT_DECIMAL_SCALE = 6;

/** Hex digits of a searchable field's keyed hash (HMAC-SHA256). */
export const HASH_LENGTH = 64;

/** Durations are stored as float seconds, so every backend can compare and sum them. */
function columnType(type: FieldType): ColumnType {
  return type === "duration" ? "float" : type;
}

function fieldColumn(field: FieldDefinition, key: string): ColumnSchema {
  if (field.name === "id") {
    return { name: "id", type: "integer", nullable: false, primaryKey: true };
  }
  if (field.encrypted) {
    // Ciphertext as text whatever the type; `required` is checked before it is sealed.
    return { name: field.name, type: "text", nullable: true, primaryKey: false };
  }
  const type = columnType(field.type);
  const fallback = columnDefaultFromSpec(field.default, type);
  return {
    name: field.name,
    type,
    nullable: !(field.required || field.name === key),
    primaryKey: false,
    ...(type === "string" ? { maxLength: field.maxLength ?? DEFAULT_STRING_LENGTH } : {}),
    ...(type === "decimal"
      ? {
          precision: field.precision ?? DEFAULT_DECIMAL_PRECISION,
          scale: field.scale ?? DEFAULT_DECIMAL_SCALE,
        }
      : {}),
    ...(fallback === undefined ? {} : { default: fallback }),
  };
}

function foreignKeyAction(onDelete: OnDelete): ForeignKeyAction {
  return onDelete === "set_null" ? "set null" : onDelete;
}

function foreignKey(table: string, column: string, target: string, onDelete: ForeignKeyAction) {
  return {
    name: foreignKeyName(table, [column]),
    columns: [column],
    referencedTable: tableName(target),
    referencedColumns: ["id"],
    onDelete,
  } satisfies ForeignKeySchema;
}

/** Every foreign-key column gets an index unless another index already starts with it. */
function withForeignKeyIndexes(
  table: string,
  indexes: IndexSchema[],
  foreignKeys: readonly ForeignKeySchema[],
): IndexSchema[] {
  const result = [...indexes];
  for (const fk of foreignKeys) {
    const column = fk.columns[0];
    if (column === undefined || result.some((index) => index.columns[0] === column)) continue;
    result.push({ name: indexName(table, [column]), columns: [column], unique: false });
  }
  return result;
}

function addIndex(indexes: IndexSchema[], index: IndexSchema): void {
  if (!indexes.some((existing) => existing.name === index.name)) indexes.push(index);
}

function modelTable(model: ModelDefinition): TableSchema {
  const table = tableName(model.name);
  const fields = [...model.fields.values()];
  const system = fields.filter((f) => f.name === "created" || f.name === "updated");
  const columns = fields.filter((f) => !system.includes(f)).map((f) => fieldColumn(f, model.key));
  const foreignKeys: ForeignKeySchema[] = [];
  for (const relation of model.relations.values()) {
    if (relation.multiple) continue;
    const column = foreignKeyColumn(relation.name);
    columns.push({
      name: column,
      type: "integer",
      nullable: !relation.required,
      primaryKey: false,
    });
    foreignKeys.push(
      foreignKey(table, column, relation.model, foreignKeyAction(relation.onDelete)),
    );
  }
  columns.push(...system.map((f) => ({ ...fieldColumn(f, model.key), nullable: false })));

  const toColumn = (name: string) =>
    model.relations.has(name) && !model.fields.has(name) ? foreignKeyColumn(name) : name;
  const indexes: IndexSchema[] = [];
  if (model.key !== "id") {
    const keyColumns = [...model.scope.map(foreignKeyColumn), model.key];
    addIndex(indexes, {
      name: uniqueIndexName(table, keyColumns),
      columns: keyColumns,
      unique: true,
    });
  }
  for (const field of fields) {
    if (field.name === "id") continue;
    if (field.searchable === true) {
      const column = fieldHashColumn(field.name);
      columns.splice(columns.length - system.length, 0, {
        name: column,
        type: "string",
        nullable: true,
        primaryKey: false,
        maxLength: HASH_LENGTH,
      });
      addIndex(indexes, { name: indexName(table, [column]), columns: [column], unique: false });
    }
    if (field.unique) {
      addIndex(indexes, {
        name: uniqueIndexName(table, [field.name]),
        columns: [field.name],
        unique: true,
      });
    } else if (field.index) {
      addIndex(indexes, {
        name: indexName(table, [field.name]),
        columns: [field.name],
        unique: false,
      });
    }
  }
  for (const names of model.indexes) {
    const indexColumns = names.map(toColumn);
    addIndex(indexes, {
      name: indexName(table, indexColumns),
      columns: indexColumns,
      unique: false,
    });
  }
  return {
    name: table,
    columns,
    indexes: withForeignKeyIndexes(table, indexes, foreignKeys),
    foreignKeys,
  };
}

function joinTable(model: ModelDefinition, relation: string, target: string): TableSchema {
  const table = joinTableName(model.name, relation);
  const columns = [JOIN_SOURCE_COLUMN, JOIN_TARGET_COLUMN].map((name): ColumnSchema => ({
    name,
    type: "integer",
    nullable: false,
    primaryKey: false,
  }));
  const foreignKeys = [
    foreignKey(table, JOIN_SOURCE_COLUMN, model.name, "cascade"),
    foreignKey(table, JOIN_TARGET_COLUMN, target, "cascade"),
  ];
  const pair = [JOIN_SOURCE_COLUMN, JOIN_TARGET_COLUMN];
  const unique = { name: uniqueIndexName(table, pair), columns: pair, unique: true };
  return {
    name: table,
    columns,
    indexes: withForeignKeyIndexes(table, [unique], foreignKeys),
    foreignKeys,
  };
}

/** The tables the spec implies: one per model plus one per many-to-many relation. */
export function wantedSchema(spec: ProjectSpec): DatabaseSchema {
  const tables = new Map<string, TableSchema>();
  for (const model of spec.models.values()) {
    const table = modelTable(model);
    tables.set(table.name, table);
    for (const relation of model.relations.values()) {
      if (!relation.multiple) continue;
      const join = joinTable(model, relation.name, relation.model);
      tables.set(join.name, join);
    }
  }
  return { tables };
}
