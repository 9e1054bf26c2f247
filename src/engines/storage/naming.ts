/**
 * How spec names become SQL names. Every piece of storage code (schema, migrations,
 * queries, records) uses these functions, never its own string concatenation.
 */

/** A model's table: the model name itself. */
export function tableName(model: string): string {
  return model;
}

/** The foreign-key column of a to-one relation. */
export function foreignKeyColumn(relation: string): string {
  return `${relation}_id`;
}

/**
 * The keyed-hash column of a `searchable` encrypted field, which equality filters
 * compare. Field names never hold `__` (it separates path segments), so it cannot clash.
 */
export function fieldHashColumn(field: string): string {
  return `${field}__hash`;
}

/** The join table of a many-to-many relation. */
export function joinTableName(model: string, relation: string): string {
  return `${model}__${relation}`;
}

/** Columns of every join table: the declaring row and the related row. */
export const JOIN_SOURCE_COLUMN = "source_id";
export const JOIN_TARGET_COLUMN = "target_id";

/** The table holding applied migrations. */
export const MIGRATION_HISTORY_TABLE = "cairn_migration";
