import { migratePlanned, planDatabase } from "../../engines/storage/schema/index.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { showPlan, type DbPlanResult } from "./db-plan.js";

/**
 * `cairn db migrate [--allow-destructive]`: shows the plan, then applies it. A plan
 * that would destroy data without the flag throws CAIRN_MIGRATION_DESTRUCTIVE and
 * changes nothing. Migrations manage their own transactions on `services.database`.
 */
export const dbMigrate: BuiltinCommand = async (ctx, parameters, { database, spec }) => {
  const allowDestructive = parameters.allow_destructive === true;
  const { plan, impact } = await planDatabase(database, spec);
  if (plan.steps.length === 0) {
    await migratePlanned(database, plan, impact);
    ctx.success("Database is up to date");
    return { steps: [], applied: false } satisfies DbPlanResult;
  }
  const steps = showPlan(ctx, plan, impact);
  await migratePlanned(database, plan, impact, { allowDestructive });
  ctx.success(
    `Applied ${String(steps.length)} schema ${steps.length === 1 ? "change" : "changes"}`,
  );
  return { steps, applied: true } satisfies DbPlanResult;
};
