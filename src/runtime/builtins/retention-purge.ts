import { purgeOldRows, type PurgeReport } from "../retention/purge-old-rows.js";
import type { BuiltinCommand } from "./builtin-command.js";

const plural = (count: number, one: string, many: string) =>
  `${String(count)} ${count === 1 ? one : many}`;

const window = (days: number, setting: string) =>
  `${days === 0 ? "forever" : plural(days, "day", "days")} (${setting})`;

function summary(report: PurgeReport): string {
  return [
    plural(report.executions, "execution", "executions"),
    plural(report.messages, "message", "messages"),
    plural(report.auditEntries, "audit entry", "audit entries"),
  ].join(", ");
}

/**
 * `retention purge [--dry-run]`: removes executions, messages and audit entries older
 * than the retention settings, in batches that commit one by one (so it runs outside a
 * command transaction), and shows what each setting keeps and what went.
 */
export const retentionPurge: BuiltinCommand = async (ctx, parameters, services) => {
  const { settings } = services;
  const dryRun = parameters.dry_run === true;
  const report = await purgeOldRows(services.database, {
    retention: settings,
    now: new Date(),
    signal: ctx.signal,
    dryRun,
  });
  const column = dryRun ? "would remove" : "removed";
  const kinds = [
    [
      "executions",
      settings.retainExecutionsDays,
      "CAIRN_RETAIN_EXECUTIONS_DAYS",
      report.executions,
    ],
    ["messages", settings.retainMessagesDays, "CAIRN_RETAIN_MESSAGES_DAYS", report.messages],
    ["audit entries", settings.retainAuditDays, "CAIRN_RETAIN_AUDIT_DAYS", report.auditEntries],
  ] as const;
  ctx.table(
    kinds.map(([rows, days, setting, count]) => ({
      rows,
      kept: window(days, setting),
      [column]: count,
    })),
    ["rows", "kept", column],
  );
  if (dryRun) ctx.info(`would remove ${summary(report)}`);
  else ctx.success(`removed ${summary(report)}`);
  return { ...report, dryRun };
};
