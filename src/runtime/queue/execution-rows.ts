import type { Database } from "../../engines/storage/database.js";
import { codecFor } from "../../engines/storage/records/codecs/codec-for.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import type { MessageBody } from "../../foundations/message.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";

const TABLE = "execution";
const DATETIME = codecFor("datetime");

/** A queued execution as a worker or the sweeper sees it. */
export interface QueuedRow {
  readonly id: string;
  readonly queue: string;
  readonly priority: number;
}

/** A running execution whose heartbeat stopped. */
export interface StaleRow {
  readonly id: string;
  readonly attempt: number;
  readonly command: string;
  readonly queue: string;
  readonly priority: number;
}

function count(result: { numUpdatedRows: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? 0n);
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

/**
 * The conditional writes of queued executions: each UPDATE names the state it expects
 * (`status = queued`, `status = running AND heartbeat < cutoff`, ...), so of racing
 * writers (workers, reapers, aborts on several machines) exactly one changes the row.
 */
export class ExecutionRows {
  readonly #database: Database;
  readonly #store: RecordStore;
  readonly #gate: () => Promise<void> | undefined;

  constructor(database: Database, store: RecordStore, gate: () => Promise<void> | undefined) {
    this.#database = database;
    this.#store = store;
    this.#gate = gate;
  }

  /** A datetime as the driver takes it. */
  instant(ms: number): unknown {
    return DATETIME.toDb(new Date(ms).toISOString(), this.#database.dialect);
  }

  async #write<T>(work: () => Promise<T>): Promise<T> {
    await this.#gate();
    return retryWhileBusy(work);
  }

  /**
   * `queued` (and due) -> `running` on this worker: true for exactly one claimer. A
   * redelivered job, or one aborted while it waited, finds nothing to claim.
   */
  async claim(id: string, worker: string): Promise<boolean> {
    const now = this.instant(Date.now());
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ status: "running", worker, started: now, heartbeat: now })
        .where("id", "=", Number(id))
        .where("status", "=", "queued")
        .where((eb) => eb.or([eb("not_before", "is", null), eb("not_before", "<=", now)]))
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  /**
   * `running` attempt -> `queued` again for the next attempt on `queue`, not before
   * `delayMs`; with `staleBefore`, only while its heartbeat is older than that.
   */
  async requeue(
    id: string,
    attempt: number,
    delayMs: number,
    queue: string,
    staleBefore?: number,
  ): Promise<boolean> {
    const result = await this.#write(() => {
      let query = this.#database.db
        .updateTable(TABLE)
        .set({
          status: "queued",
          queue,
          attempt: attempt + 1,
          worker: null,
          heartbeat: null,
          not_before: this.instant(Date.now() + delayMs),
          queued: this.instant(Date.now()),
        })
        .where("id", "=", Number(id))
        .where("status", "=", "running")
        .where("attempt", "=", attempt);
      if (staleBefore !== undefined)
        query = query.where("heartbeat", "<", this.instant(staleBefore));
      return query.executeTakeFirst();
    });
    return count(result) > 0;
  }

  /** A `running` attempt whose heartbeat stopped -> `lost`. */
  async markLost(id: string, attempt: number, staleBefore: number): Promise<boolean> {
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ status: "lost", finished: this.instant(Date.now()) })
        .where("id", "=", Number(id))
        .where("status", "=", "running")
        .where("attempt", "=", attempt)
        .where("heartbeat", "<", this.instant(staleBefore))
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  /** A `queued` execution -> `aborted` (nobody claimed it yet). */
  async abortQueued(id: string): Promise<boolean> {
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ status: "aborted", finished: this.instant(Date.now()) })
        .where("id", "=", Number(id))
        .where("status", "=", "queued")
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  /** `running` attempt -> its final status; false when the attempt was reaped meanwhile. */
  async finish(id: string, attempt: number, status: string): Promise<boolean> {
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ status, finished: this.instant(Date.now()) })
        .where("id", "=", Number(id))
        .where("status", "=", "running")
        .where("attempt", "=", attempt)
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  /** Pushes a queued execution's `not_before` out (its lock was held). */
  async postpone(id: string, delayMs: number): Promise<void> {
    await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ not_before: this.instant(Date.now() + delayMs) })
        .where("id", "=", Number(id))
        .where("status", "=", "queued")
        .executeTakeFirst(),
    );
  }

  /** One UPDATE: the heartbeat of every listed execution still running. */
  async heartbeat(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = this.instant(Date.now());
    await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ heartbeat: now })
        .where(
          "id",
          "in",
          ids.map((id) => Number(id)),
        )
        .where("status", "=", "running")
        .executeTakeFirst(),
    );
  }

  /** Queued executions of these queues that are due, by priority then id. */
  async due(
    queues: readonly string[],
    limit: number,
    skip: ReadonlySet<string>,
  ): Promise<QueuedRow[]> {
    if (limit <= 0 || queues.length === 0) return [];
    const now = this.instant(Date.now());
    const rows = await retryWhileBusy(() =>
      this.#database.db
        .selectFrom(TABLE)
        .select(["id", "queue", "priority"])
        .where("status", "=", "queued")
        .where("queue", "in", [...queues])
        .where((eb) => eb.or([eb("not_before", "is", null), eb("not_before", "<=", now)]))
        .orderBy("priority")
        .orderBy("id")
        .limit(limit + skip.size)
        .execute(),
    );
    return rows
      .map((row: Record<string, unknown>) => ({
        id: String(row.id),
        queue: text(row.queue, "default"),
        priority: Number(row.priority ?? 0),
      }))
      .filter((row) => !skip.has(row.id))
      .slice(0, limit);
  }

  /** Queued executions waiting since before `queuedBefore` and due: put back on their queue. */
  async strays(queuedBefore: number, limit: number): Promise<QueuedRow[]> {
    const now = this.instant(Date.now());
    const rows = await retryWhileBusy(() =>
      this.#database.db
        .selectFrom(TABLE)
        .select(["id", "queue", "priority"])
        .where("status", "=", "queued")
        .where("queued", "<", this.instant(queuedBefore))
        .where((eb) => eb.or([eb("not_before", "is", null), eb("not_before", "<=", now)]))
        .orderBy("id")
        .limit(limit)
        .execute(),
    );
    return rows.map((row: Record<string, unknown>) => ({
      id: String(row.id),
      queue: text(row.queue, "default"),
      priority: Number(row.priority ?? 0),
    }));
  }

  /** Running executions whose heartbeat is older than `staleBefore`. */
  async stale(staleBefore: number, limit: number): Promise<StaleRow[]> {
    const rows = await retryWhileBusy(() =>
      this.#database.db
        .selectFrom(TABLE)
        .select(["id", "attempt", "command", "queue", "priority"])
        .where("status", "=", "running")
        .where("heartbeat", "<", this.instant(staleBefore))
        .orderBy("id")
        .limit(limit)
        .execute(),
    );
    return rows.map((row: Record<string, unknown>) => ({
      id: String(row.id),
      attempt: Number(row.attempt ?? 1),
      command: text(row.command, ""),
      queue: text(row.queue, "default"),
      priority: Number(row.priority ?? 0),
    }));
  }

  /** The last stored `seq` of an execution's messages (0 when none). */
  async lastSeq(id: string): Promise<number> {
    const [last] = await this.#store.list("execution_message", {
      filters: [{ path: "execution", value: id }],
      order: ["-seq"],
      fields: ["seq"],
      limit: 1,
    });
    return Number(last?.seq ?? 0);
  }

  /** Appends one message after the stored ones (written by whoever changed the row). */
  async append(id: string, body: MessageBody): Promise<void> {
    const seq = (await this.lastSeq(id)) + 1;
    const { type, ...rest } = body;
    await this.#write(() =>
      this.#store.save(
        "execution_message",
        { key: String(seq), scope: { execution: id } },
        { type, time: new Date().toISOString(), body: { type, ...rest } },
      ),
    );
  }
}
