import {
  describePlan,
  planDatabase,
  summarizePlan,
  type MigrationPlan,
  type PlanImpact,
  type PlanStepSummary,
} from "../../engines/storage/schema/index.js";
import type { CommandContext } from "../command-context.js";
import type { BuiltinCommand } from "./builtin-command.js";

/** What `db plan` and `db migrate` return. */
export interface DbPlanResult {
  readonly steps: readonly PlanStepSummary[];
  readonly applied: boolean;
}

/** Emits one line per step (destructive ones as warnings) and a table of the steps. */
export function showPlan(
  ctx: CommandContext,
  plan: MigrationPlan,
  impact: PlanImpact,
): PlanStepSummary[] {
  const steps = summarizePlan(plan, impact);
  const lines = describePlan(plan, impact);
  ctx.info(`${String(steps.length)} pending schema ${steps.length === 1 ? "change" : "changes"}:`);
  steps.forEach((step, i) => {
    const line = lines[i] ?? step.change;
    if (step.destructive === null) ctx.info(line);
    else ctx.warning(line);
  });
  ctx.table(
    steps.map((s) => ({ ...s })),
    ["step", "action", "table", "change", "destructive", "rows"],
  );
  return steps;
}

/** `cairn db plan`: the schema changes the spec implies and the rows destructive ones affect. */
export const dbPlan: BuiltinCommand = async (ctx, _parameters, { database, spec }) => {
  const { plan, impact } = await planDatabase(database, spec);
  if (plan.steps.length === 0) {
    ctx.success("Database is up to date");
    return { steps: [], applied: false } satisfies DbPlanResult;
  }
  const steps = showPlan(ctx, plan, impact);
  if (steps.some((s) => s.destructive !== null)) {
    ctx.warning("Destructive changes need `cairn db migrate --allow-destructive`");
  } else {
    ctx.notice("Run `cairn db migrate` to apply them");
  }
  return { steps, applied: false } satisfies DbPlanResult;
};
