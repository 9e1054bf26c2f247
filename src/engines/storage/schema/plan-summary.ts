import { describeStep } from "./describe-plan.js";
import { destructiveReason, type MigrationPlan, type PlanImpact } from "./migration-plan.js";

/** One step as JSON for command results and tables. */
export interface PlanStepSummary {
  readonly step: number;
  readonly action: string;
  readonly table: string;
  readonly change: string;
  /** Why the step needs --allow-destructive, or null. */
  readonly destructive: string | null;
  /** Rows the step destroys, or null when it destroys none. */
  readonly rows: number | null;
}

export function summarizePlan(plan: MigrationPlan, impact?: PlanImpact): PlanStepSummary[] {
  return plan.steps.map((step, i) => {
    const rows = impact?.rows[i];
    return {
      step: i + 1,
      action: step.kind,
      table: step.table,
      change: describeStep(step),
      destructive: destructiveReason(step, rows) ?? null,
      rows: rows ?? null,
    };
  });
}
