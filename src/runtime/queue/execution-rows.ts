import type { Database } from "../../engines/storage/database.js";
import { databaseNow } from "../../engines/storage/database-clock.js";
import { codecFor } from "../../engines/storage/records/codecs/codec-for.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import type { MessageBody } from "../../foundations/message.js";
import { WriteCoalescer } from "../execution/write-coalescer.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";

const TABLE = "execution";
const DATETIME = codecFor("datetime");
const JSON_VALUE = codecFor("json");
const DELIVERED_COLUMNS = ["attempt", "command", "parameters", "user"] as const;

/** A queued execution as a worker or the sweeper sees it. */
export interface QueuedRow {
  readonly id: string;
  readonly queue: string;
  readonly priority: number;
}

/** What a worker needs of an execution it claimed. */
export interface DeliveredRow {
  readonly attempt: number;
  readonly command: string;
  readonly parameters: unknown;
  readonly user: string | undefined;
}

interface Claim {
  readonly id: number;
  readonly worker: string;
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

  /** The columns a worker needs, decoded. */
  #delivered(row: Record<string, unknown>): DeliveredRow {
    const field = this.#store.spec.models.get(TABLE)?.fields.get("parameters");
    return {
      attempt: Number(row.attempt ?? 1),
      command: text(row.command, ""),
      parameters:
        row.parameters === null || row.parameters === undefined || field === undefined
          ? null
          : JSON_VALUE.fromDb(row.parameters, this.#database.dialect, field),
      user: typeof row.user === "string" ? row.user : undefined,
    };
  }

  /**
   * `queued` (and due) -> `running` on this worker, answering the row for exactly one
   * claimer; undefined for a redelivered job, or one aborted while it waited. One
   * UPDATE ... RETURNING where the database has it (claims made at once share it);
   * MySQL reads the row afterwards.
   */
  async claim(id: string, worker: string): Promise<DeliveredRow | undefined> {
    await this.#gate();
    return retryWhileBusy(() => this.#claims.run({ id: Number(id), worker }));
  }

  readonly #claims = new WriteCoalescer<Claim, DeliveredRow | undefined>(
    async (claims) => {
      // MySQL has no UPDATE ... RETURNING: its claims go one by one, at once.
      if (this.#database.dialect === "mysql")
        return Promise.all(claims.map((claim) => this.#claimOne(claim)));
      const workers = new Map<string, number[]>();
      for (const { id, worker } of claims)
        workers.set(worker, [...(workers.get(worker) ?? []), id]);
      const claimed = new Map<number, DeliveredRow>();
      for (const [worker, ids] of workers) {
        const rows = (await this.#claimUpdate(ids, worker)
          .returning(["id", ...DELIVERED_COLUMNS])
          .execute()) as Record<string, unknown>[];
        for (const row of rows) claimed.set(Number(row.id), this.#delivered(row));
      }
      return claims.map(({ id }) => claimed.get(id));
    },
    (claim) => this.#claimOne(claim),
  );

  #claimUpdate(ids: readonly number[], worker: string) {
    const now = this.instant(Date.now());
    return this.#database.db
      .updateTable(TABLE)
      .set({ status: "running", worker, started: now, heartbeat: databaseNow(this.#database) })
      .where("id", "in", [...ids])
      .where("status", "=", "queued")
      .where((eb) => eb.or([eb("not_before", "is", null), eb("not_before", "<=", now)]));
  }

  async #claimOne({ id, worker }: Claim): Promise<DeliveredRow | undefined> {
    const update = this.#claimUpdate([id], worker);
    if (this.#database.dialect !== "mysql") {
      const row = (await update.returning(DELIVERED_COLUMNS).executeTakeFirst()) as
        Record<string, unknown> | undefined;
      return row === undefined ? undefined : this.#delivered(row);
    }
    if (count(await update.executeTakeFirst()) === 0) return undefined;
    const row = (await this.#database.db
      .selectFrom(TABLE)
      .select(DELIVERED_COLUMNS)
      .where("id", "=", id)
      .executeTakeFirst()) as Record<string, unknown> | undefined;
    return row === undefined ? undefined : this.#delivered(row);
  }

  /**
   * Hands a claimed attempt back to the queue untouched (same attempt), not before
   * `delayMs`: its command's lock was held when it was claimed.
   */
  async unclaim(id: string, attempt: number, delayMs: number): Promise<boolean> {
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({
          status: "queued",
          worker: null,
          started: null,
          heartbeat: null,
          not_before: this.instant(Date.now() + delayMs),
        })
        .where("id", "=", Number(id))
        .where("status", "=", "running")
        .where("attempt", "=", attempt)
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  /**
   * `running` attempt -> `queued` again for the next attempt on `queue`, not before
   * `delayMs`; with `staleForMs`, only while its heartbeat is older than that (on the
   * database's clock, see databaseNow).
   */
  async requeue(
    id: string,
    attempt: number,
    delayMs: number,
    queue: string,
    staleForMs?: number,
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
      if (staleForMs !== undefined)
        query = query.where("heartbeat", "<", databaseNow(this.#database, staleForMs));
      return query.executeTakeFirst();
    });
    return count(result) > 0;
  }

  /** A `running` attempt whose heartbeat stopped `staleForMs` ago -> `lost`. */
  async markLost(id: string, attempt: number, staleForMs: number): Promise<boolean> {
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ status: "lost", finished: this.instant(Date.now()) })
        .where("id", "=", Number(id))
        .where("status", "=", "running")
        .where("attempt", "=", attempt)
        .where("heartbeat", "<", databaseNow(this.#database, staleForMs))
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  /**
   * A `queued` execution -> `aborted` (nobody claimed it yet), its error in the same
   * UPDATE: a follower that sees the final row before its status message is stored
   * answers the row's outcome, so the two must never disagree.
   */
  async abortQueued(id: string, error: Readonly<Record<string, string>>): Promise<boolean> {
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({
          status: "aborted",
          finished: this.instant(Date.now()),
          error: JSON_VALUE.toDb(error, this.#database.dialect),
        })
        .where("id", "=", Number(id))
        .where("status", "=", "queued")
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  /** One UPDATE: the heartbeat of every listed execution still running, on the database's clock. */
  async heartbeat(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = databaseNow(this.#database);
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

  /** Running executions whose heartbeat is older than `staleForMs` (on the database's clock). */
  async stale(staleForMs: number, limit: number): Promise<StaleRow[]> {
    const rows = await retryWhileBusy(() =>
      this.#database.db
        .selectFrom(TABLE)
        .select(["id", "attempt", "command", "queue", "priority"])
        .where("status", "=", "running")
        .where("heartbeat", "<", databaseNow(this.#database, staleForMs))
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
