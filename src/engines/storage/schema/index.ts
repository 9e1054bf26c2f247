export type {
  ColumnDefault,
  ColumnSchema,
  ColumnType,
  DatabaseSchema,
  ForeignKeyAction,
  ForeignKeySchema,
  IndexSchema,
  TableSchema,
} from "./schema-types.js";
export {
  wantedSchema,
  DEFAULT_DECIMAL_PRECISION,
  DEFAULT_DECIMAL_SCALE,
  DEFAULT_STRING_LENGTH,
} from "./wanted-schema.js";
export { foreignKeyName, indexName, uniqueIndexName } from "./constraint-names.js";
export { introspectSchema } from "./introspect-schema.js";
export { planMigration } from "./plan-migration.js";
export {
  destructiveReason,
  type MigrationPlan,
  type MigrationStep,
  type MigrationStepKind,
  type PlanImpact,
} from "./migration-plan.js";
export { measurePlanImpact } from "./measure-impact.js";
export { applyMigration, type ApplyOptions } from "./apply-migration.js";
export { describePlan, describeStep, destructiveNote } from "./describe-plan.js";
export { canonicalSchema, schemaFingerprint, type CanonicalTable } from "./schema-fingerprint.js";
export { migrationHistory, type MigrationRecord } from "./migration-history.js";
export {
  isSchemaCurrent,
  migrateDatabase,
  migratePlanned,
  planDatabase,
  type MigrateOptions,
  type MigrateResult,
} from "./migrate-database.js";
export { summarizePlan, type PlanStepSummary } from "./plan-summary.js";
