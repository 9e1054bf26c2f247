import { sql, type Kysely } from "kysely";
import type { Database, DynamicDatabase } from "../database.js";
import { MigrationDestructive, MigrationFailed } from "../../../foundations/error-codes.js";
import type { SchemaDialect } from "./dialects/schema-dialect.js";
import { schemaDialectFor } from "./dialects/schema-dialects.js";
import { describePlan, describeStep } from "./describe-plan.js";
import { measurePlanImpact } from "./measure-impact.js";
import { recordMigration } from "./migration-history.js";
import {
  destructiveReason,
  type MigrationPlan,
  type MigrationStep,
  type PlanImpact,
} from "./migration-plan.js";
import { schemaFingerprint } from "./schema-fingerprint.js";
import { rebuildTable, subsumedByRebuild, tablesToRebuild } from "./sqlite-rebuild.js";
import { runStep } from "./step-runner.js";

export interface ApplyOptions {
  /** Also run steps that destroy data (`--allow-destructive`). */
  readonly allowDestructive?: boolean;
  /** The plan's measured impact; measured here when absent. */
  readonly impact?: PlanImpact;
}

/** Throws CAIRN_MIGRATION_DESTRUCTIVE naming every destructive step and its rows. */
function refuseDestructive(plan: MigrationPlan, impact: PlanImpact): void {
  const lines = describePlan(plan, impact).filter(
    (_line, i) =>
      destructiveReason(plan.steps[i] as MigrationPlan["steps"][number], impact.rows[i]) !==
      undefined,
  );
  if (lines.length === 0) return;
  throw MigrationDestructive.create(
    `the migration would destroy data:\n${lines.map((line) => `  ${line}`).join("\n")}`,
    {
      hint: "Check the rows with `cairn db plan`, back up if needed, then run `cairn db migrate --allow-destructive`.",
      details: { steps: lines },
    },
  );
}

interface Progress {
  /** Steps done so far. */
  applied: number;
  /** What runs now, for the failure message. */
  current: string;
}

function failure(plan: MigrationPlan, progress: Progress, cause: unknown, rolledBack: boolean) {
  const done = plan.steps.slice(0, progress.applied).map(describeStep);
  const outcome = rolledBack
    ? "nothing was changed (the migration was rolled back)"
    : done.length === 0
      ? "no step was applied"
      : `already applied: ${done.join("; ")}`;
  const message = cause instanceof Error ? cause.message : String(cause);
  return MigrationFailed.create(`${progress.current} failed: ${message}; ${outcome}`, {
    hint: rolledBack
      ? "Fix the cause (often existing data that does not fit), then run `cairn db migrate` again."
      : "Fix the cause, then run `cairn db migrate` again; it plans from the current state.",
    details: { failed: progress.current, appliedSteps: rolledBack ? [] : done },
    cause,
  });
}

function newProgress(): Progress {
  return { applied: 0, current: "starting the migration" };
}

/** Runs the steps in order; `progress.applied` counts those done, for failure messages. */
async function runSteps(
  db: Kysely<DynamicDatabase>,
  dialect: SchemaDialect,
  plan: MigrationPlan,
  progress: Progress,
  skip: (step: MigrationStep) => boolean = () => false,
): Promise<void> {
  for (const [index, step] of plan.steps.entries()) {
    progress.current = `step ${String(index + 1)} (${describeStep(step)})`;
    if (!skip(step)) {
      // SQLite accepts keys to tables created later, so a new table gets all of its keys at once.
      const full = dialect.inlineForeignKeys ? plan.wanted.tables.get(step.table) : undefined;
      await runStep(
        db,
        dialect,
        step.kind === "create_table" && full !== undefined ? { ...step, schema: full } : step,
      );
    }
    progress.applied += 1;
  }
  progress.current = "recording the migration";
}

async function applyInTransaction(
  database: Database,
  dialect: SchemaDialect,
  plan: MigrationPlan,
  record: () => readonly string[],
) {
  const progress = newProgress();
  try {
    await database.db.transaction().execute(async (trx) => {
      await runSteps(trx, dialect, plan, progress);
      await recordMigration(trx, dialect, schemaFingerprint(plan.wanted), record());
    });
  } catch (cause) {
    throw failure(plan, progress, cause, true);
  }
}

async function applyWithRebuilds(
  database: Database,
  dialect: SchemaDialect,
  plan: MigrationPlan,
  record: () => readonly string[],
) {
  const rebuilt = tablesToRebuild(plan.steps);
  const progress = newProgress();
  // Foreign keys must be off while tables are swapped, and SQLite ignores the pragma inside a transaction.
  await sql`pragma foreign_keys = off`.execute(database.db);
  try {
    await database.db.transaction().execute(async (trx) => {
      await runSteps(trx, dialect, plan, progress, subsumedByRebuild(plan.steps, rebuilt));
      for (const table of [...rebuilt].sort()) {
        const wanted = plan.wanted.tables.get(table);
        progress.current = `rebuilding table ${table}`;
        if (wanted !== undefined) await rebuildTable(trx, dialect, wanted, plan.steps);
      }
      progress.current = "the foreign key check";
      const broken = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(
        trx,
      );
      const first = broken.rows[0];
      if (first !== undefined) {
        throw new Error(
          `${String(broken.rows.length)} rows of ${first.table} refer to missing rows of ${first.parent}`,
        );
      }
      progress.current = "recording the migration";
      await recordMigration(trx, dialect, schemaFingerprint(plan.wanted), record());
    });
  } catch (cause) {
    throw failure(plan, progress, cause, true);
  } finally {
    await sql`pragma foreign_keys = on`.execute(database.db);
  }
}

async function applyStepwise(
  database: Database,
  dialect: SchemaDialect,
  plan: MigrationPlan,
  record: () => readonly string[],
) {
  const progress = newProgress();
  try {
    await runSteps(database.db, dialect, plan, progress);
    await recordMigration(database.db, dialect, schemaFingerprint(plan.wanted), record());
  } catch (cause) {
    throw failure(plan, progress, cause, false);
  }
}

/**
 * Applies a plan and records it in the migration history. Refuses, changing nothing,
 * when a step would destroy data and `allowDestructive` is not set. PostgreSQL and
 * SQLite apply everything in one transaction; MySQL/MariaDB commit each DDL statement,
 * so a failure there says which steps were applied (planning again resumes from them).
 */
export async function applyMigration(
  database: Database,
  plan: MigrationPlan,
  options: ApplyOptions = {},
): Promise<void> {
  const impact = options.impact ?? (await measurePlanImpact(database, plan));
  if (options.allowDestructive !== true) refuseDestructive(plan, impact);
  if (plan.steps.length === 0) return;
  const dialect = schemaDialectFor(database.dialect);
  const record = () => describePlan(plan, impact);
  switch (dialect.strategy) {
    case "transaction":
      await applyInTransaction(database, dialect, plan, record);
      return;
    case "rebuild":
      await applyWithRebuilds(database, dialect, plan, record);
      return;
    case "stepwise":
      await applyStepwise(database, dialect, plan, record);
      return;
  }
}
