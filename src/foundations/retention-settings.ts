import { SettingsInvalid } from "./error-codes.js";

/**
 * Days kept before `retention purge` removes: finished executions with their messages
 * (CAIRN_RETAIN_EXECUTIONS_DAYS), messages of finished executions
 * (CAIRN_RETAIN_MESSAGES_DAYS) and audit entries (CAIRN_RETAIN_AUDIT_DAYS). 0 keeps
 * them forever.
 */
export interface RetentionSettings {
  readonly retainExecutionsDays: number;
  readonly retainMessagesDays: number;
  readonly retainAuditDays: number;
}

/** The defaults: executions 90 days, their messages 30, the audit trail forever. */
export const DEFAULT_RETENTION: RetentionSettings = {
  retainExecutionsDays: 90,
  retainMessagesDays: 30,
  retainAuditDays: 0,
};

type Env = Readonly<Record<string, string | undefined>>;

/** Whole days, or `never` (as 0: forever). */
function days(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (raw.toLowerCase() === "never") return 0;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw SettingsInvalid.create(`${name}=${raw} is not a number of days`, {
      hint: `Set ${name} to whole days such as 90, or to never (or 0) to keep forever.`,
    });
  }
  return value;
}

export function retentionSettings(env: Env): RetentionSettings {
  return {
    retainExecutionsDays: days(
      env,
      "CAIRN_RETAIN_EXECUTIONS_DAYS",
      DEFAULT_RETENTION.retainExecutionsDays,
    ),
    retainMessagesDays: days(
      env,
      "CAIRN_RETAIN_MESSAGES_DAYS",
      DEFAULT_RETENTION.retainMessagesDays,
    ),
    retainAuditDays: days(env, "CAIRN_RETAIN_AUDIT_DAYS", DEFAULT_RETENTION.retainAuditDays),
  };
}
