import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { Database } from "../database.js";
import { applyMigration } from "./apply-migration.js";
import { schemaDialectFor } from "./dialects/schema-dialects.js";
import { introspectSchema } from "./introspect-schema.js";
import { measurePlanImpact } from "./measure-impact.js";
import { lastFingerprint, recordMigration } from "./migration-history.js";
import type { MigrationPlan, PlanImpact } from "./migration-plan.js";
import { planMigration } from "./plan-migration.js";
import { schemaFingerprint } from "./schema-fingerprint.js";
import { wantedSchema } from "./wanted-schema.js";

export interface MigrateOptions {
  readonly allowDestructive?: boolean;
  /** Plan and measure only. */
  readonly dryRun?: boolean;
}

export interface MigrateResult {
  readonly plan: MigrationPlan;
  readonly impact: PlanImpact;
  /** Whether steps ran (false for an empty plan or a dry run). */
  readonly applied: boolean;
}

/** Where the database stands against the spec: the plan and the rows it affects. */
export async function planDatabase(
  database: Database,
  spec: ProjectSpec,
): Promise<{ plan: MigrationPlan; impact: PlanImpact }> {
  const plan = planMigration(await introspectSchema(database), wantedSchema(spec));
  return { plan, impact: await measurePlanImpact(database, plan) };
}

/**
 * Brings the database to the spec: introspect, plan, measure, apply and record.
 * Refuses destructive plans without `allowDestructive` (CAIRN_MIGRATION_DESTRUCTIVE).
 * An empty plan still records the spec's fingerprint once, so `isSchemaCurrent`
 * answers true for a database that already matched.
 */
export async function migrateDatabase(
  database: Database,
  spec: ProjectSpec,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const { plan, impact } = await planDatabase(database, spec);
  if (options.dryRun === true) return { plan, impact, applied: false };
  return migratePlanned(database, plan, impact, options);
}

/** The apply half of `migrateDatabase`, for callers that showed the plan first. */
export async function migratePlanned(
  database: Database,
  plan: MigrationPlan,
  impact: PlanImpact,
  options: Pick<MigrateOptions, "allowDestructive"> = {},
): Promise<MigrateResult> {
  if (plan.steps.length === 0) {
    const fingerprint = schemaFingerprint(plan.wanted);
    if ((await lastFingerprint(database)) !== fingerprint) {
      await recordMigration(database.db, schemaDialectFor(database.dialect), fingerprint, []);
    }
    return { plan, impact, applied: false };
  }
  await applyMigration(database, plan, {
    impact,
    ...(options.allowDestructive === undefined
      ? {}
      : { allowDestructive: options.allowDestructive }),
  });
  return { plan, impact, applied: true };
}

/** Whether the last recorded migration matches the spec; cheap, without introspection. */
export async function isSchemaCurrent(database: Database, spec: ProjectSpec): Promise<boolean> {
  return (await lastFingerprint(database)) === schemaFingerprint(wantedSchema(spec));
}
