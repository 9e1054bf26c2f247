import type { Database } from "../../engines/storage/database.js";
import { foreignKeyColumn, tableName } from "../../engines/storage/naming.js";
import { codecFor } from "../../engines/storage/records/index.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";

const EXECUTIONS = tableName("execution");
const MESSAGES = tableName("execution_message");
const AUDIT = tableName("audit_entry");
const MESSAGE_EXECUTION = foreignKeyColumn("execution");
const DATETIME = codecFor("datetime");

/** Statuses an execution ends in: only these are ever purged, never queued or running ones. */
export const FINAL_STATUSES = ["success", "failed", "aborted", "lost"] as const;

function ids(rows: readonly Record<string, unknown>[]): number[] {
  return rows.map((row) => Number(row.id));
}

function deleted(result: readonly { numDeletedRows: bigint }[]): number {
  return result.reduce((sum, row) => sum + Number(row.numDeletedRows), 0);
}

function count(row: Record<string, unknown> | undefined): number {
  return Number(row?.count ?? 0);
}

/**
 * The purge's statements: each reads or deletes at most one batch by id and commits on
 * its own, so a large purge never holds a long lock, and the oldest rows (the lowest
 * ids) go first. SQLite's "database is locked" is waited out.
 */
export class OldRows {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  /** A cutoff `days` before `now`, as the driver takes a datetime. */
  cutoff(now: Date, days: number): unknown {
    const instant = new Date(now.getTime() - days * 86_400_000).toISOString();
    return DATETIME.toDb(instant, this.#database.dialect);
  }

  #finalExecutions() {
    return this.#database.db
      .selectFrom(EXECUTIONS)
      .select("id")
      .where("status", "in", [...FINAL_STATUSES]);
  }

  #oldExecutions(cutoff: unknown) {
    return this.#finalExecutions().where((eb) =>
      eb.or([
        eb("finished", "<", cutoff),
        eb.and([eb("finished", "is", null), eb("created", "<", cutoff)]),
      ]),
    );
  }

  /** Ids of finished executions that ended before `cutoff`, oldest first. */
  async executions(cutoff: unknown, limit: number): Promise<number[]> {
    const rows = await this.#oldExecutions(cutoff).orderBy("id").limit(limit).execute();
    return ids(rows);
  }

  /** Ids of messages of `executions`. */
  async messagesOf(executions: readonly number[], limit: number): Promise<number[]> {
    const rows = await this.#database.db
      .selectFrom(MESSAGES)
      .select("id")
      .where(MESSAGE_EXECUTION, "in", [...executions])
      .orderBy("id")
      .limit(limit)
      .execute();
    return ids(rows);
  }

  /** Ids of messages older than `cutoff` of finished executions, oldest first. */
  async messages(cutoff: unknown, limit: number): Promise<number[]> {
    const rows = await this.#database.db
      .selectFrom(MESSAGES)
      .select("id")
      .where("time", "<", cutoff)
      .where(MESSAGE_EXECUTION, "in", this.#finalExecutions())
      .orderBy("id")
      .limit(limit)
      .execute();
    return ids(rows);
  }

  /** Ids of audit entries recorded before `cutoff`, oldest first. */
  async auditEntries(cutoff: unknown, limit: number): Promise<number[]> {
    const rows = await this.#database.db
      .selectFrom(AUDIT)
      .select("id")
      .where("created", "<", cutoff)
      .orderBy("id")
      .limit(limit)
      .execute();
    return ids(rows);
  }

  /**
   * Deletes rows of `table` by id, answering how many went; an execution's remaining
   * messages and locks go with it (on delete cascade), its children lose their parent.
   */
  async remove(table: "execution" | "execution_message" | "audit_entry", rows: number[]) {
    if (rows.length === 0) return 0;
    const result = await retryWhileBusy(() =>
      this.#database.db.deleteFrom(tableName(table)).where("id", "in", rows).execute(),
    );
    return deleted(result);
  }

  /** How many finished executions ended before `cutoff`. */
  async countExecutions(cutoff: unknown): Promise<number> {
    const row = await this.#database.db
      .selectFrom(EXECUTIONS)
      .select((eb) => eb.fn.countAll().as("count"))
      .where("id", "in", this.#oldExecutions(cutoff))
      .executeTakeFirst();
    return count(row);
  }

  /**
   * How many messages of finished executions are older than `cutoff` or belong to an
   * execution that ended before `executions` (undefined: not that way).
   */
  async countMessages(cutoff: unknown, executions: unknown): Promise<number> {
    if (cutoff === undefined && executions === undefined) return 0;
    const row = await this.#database.db
      .selectFrom(MESSAGES)
      .select((eb) => eb.fn.countAll().as("count"))
      .where(MESSAGE_EXECUTION, "in", this.#finalExecutions())
      .where((eb) =>
        eb.or([
          ...(cutoff === undefined ? [] : [eb("time", "<", cutoff)]),
          ...(executions === undefined
            ? []
            : [eb(MESSAGE_EXECUTION, "in", this.#oldExecutions(executions))]),
        ]),
      )
      .executeTakeFirst();
    return count(row);
  }

  /** How many audit entries were recorded before `cutoff`. */
  async countAuditEntries(cutoff: unknown): Promise<number> {
    const row = await this.#database.db
      .selectFrom(AUDIT)
      .select((eb) => eb.fn.countAll().as("count"))
      .where("created", "<", cutoff)
      .executeTakeFirst();
    return count(row);
  }
}
