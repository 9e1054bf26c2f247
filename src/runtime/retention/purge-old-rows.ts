import type { Database } from "../../engines/storage/database.js";
import type { RetentionSettings } from "../../foundations/retention-settings.js";
import { OldRows } from "./old-rows.js";

/** Messages or audit entries deleted per statement. */
const ROW_BATCH = 2000;
/** Executions deleted per statement (their messages go first, in row batches). */
const EXECUTION_BATCH = 200;

/** How many rows of each kind a purge removed (or, dry, would remove). */
export interface PurgeReport {
  readonly executions: number;
  readonly messages: number;
  readonly auditEntries: number;
}

export interface PurgeOptions {
  readonly retention: RetentionSettings;
  readonly now: Date;
  /** Stops between batches. */
  readonly signal: AbortSignal;
  /** Only count. */
  readonly dryRun?: boolean;
}

/** Repeats `round` until it finds nothing more, adding up what it removed. */
async function inBatches(
  signal: AbortSignal,
  round: () => Promise<number | undefined>,
): Promise<number> {
  let total = 0;
  for (;;) {
    signal.throwIfAborted();
    const removed = await round();
    if (removed === undefined) return total;
    total += removed;
  }
}

/**
 * Removes what the retention settings no longer keep: messages of finished executions
 * older than their window, then finished executions that ended before theirs (with
 * their messages), then audit entries older than theirs. Queued and running executions
 * and their messages are never touched. Each statement deletes one batch by id and
 * commits on its own, so a large purge never holds a long lock and an interrupted one
 * has kept what it removed.
 */
export async function purgeOldRows(
  database: Database,
  options: PurgeOptions,
): Promise<PurgeReport> {
  const rows = new OldRows(database);
  const { retention, now, signal } = options;
  const cutoff = (days: number) => (days === 0 ? undefined : rows.cutoff(now, days));
  const executionCutoff = cutoff(retention.retainExecutionsDays);
  const messageCutoff = cutoff(retention.retainMessagesDays);
  const auditCutoff = cutoff(retention.retainAuditDays);
  if (options.dryRun === true) {
    return {
      executions: executionCutoff === undefined ? 0 : await rows.countExecutions(executionCutoff),
      messages: await rows.countMessages(messageCutoff, executionCutoff),
      auditEntries: auditCutoff === undefined ? 0 : await rows.countAuditEntries(auditCutoff),
    };
  }
  let messages = 0;
  let executions = 0;
  if (messageCutoff !== undefined) {
    messages += await inBatches(signal, async () => {
      const ids = await rows.messages(messageCutoff, ROW_BATCH);
      return ids.length === 0 ? undefined : rows.remove("execution_message", ids);
    });
  }
  if (executionCutoff !== undefined) {
    executions = await inBatches(signal, async () => {
      const batch = await rows.executions(executionCutoff, EXECUTION_BATCH);
      if (batch.length === 0) return undefined;
      messages += await inBatches(signal, async () => {
        const ids = await rows.messagesOf(batch, ROW_BATCH);
        return ids.length === 0 ? undefined : rows.remove("execution_message", ids);
      });
      return rows.remove("execution", batch);
    });
  }
  const auditEntries =
    auditCutoff === undefined
      ? 0
      : await inBatches(signal, async () => {
          const ids = await rows.auditEntries(auditCutoff, ROW_BATCH);
          return ids.length === 0 ? undefined : rows.remove("audit_entry", ids);
        });
  return { executions, messages, auditEntries };
}
