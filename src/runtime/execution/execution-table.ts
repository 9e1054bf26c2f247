import type { Database } from "../../engines/storage/database.js";
import { codecFor } from "../../engines/storage/records/codecs/codec-for.js";
import { violationOf } from "../../engines/storage/records/database-errors.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import type { Message } from "../../foundations/message.js";
import type { JsonValue } from "../../spec/field-types.js";
import { boundedBody } from "./bounded-for-storage.js";
import { endRowColumns, type EndRow } from "./end-row.js";
import { WriteCoalescer } from "./write-coalescer.js";

const DATETIME = codecFor("datetime");
const JSON_VALUE = codecFor("json");

/** The columns of a new `execution` row, decoded (JSON values, ISO instants). */
export interface ExecutionInsert {
  readonly command: string;
  readonly parameters: unknown;
  readonly user: string;
  readonly origin: string;
  readonly status: "queued" | "running";
  readonly worker?: string;
  readonly queue?: string;
  readonly priority?: number;
  readonly queued?: string;
  readonly started?: string;
  readonly heartbeat?: string;
  readonly parent?: string | undefined;
  /** The id of the schedule that fired it. */
  readonly schedule?: string;
  /** The schedule's instant this run fires (ISO). */
  readonly scheduledFor?: string;
  /** Schedule and instant: unique, so an instant fires once however many try. */
  readonly fireKey?: string;
  readonly latenessMs?: number;
  /** The scheduler replica and lease term that fired it. */
  readonly firedBy?: string;
  /** Groups to notify of this run's end besides the subscribed ones (JSON). */
  readonly notify?: unknown;
  /** A queued run's earliest start (ISO). */
  readonly notBefore?: string;
}

/** The columns an ending attempt sets: final status, finish time, result or error. */
export interface ExecutionEnd {
  readonly status: string;
  readonly result?: unknown;
  readonly error?: unknown;
}

/**
 * The execution log's hot path as single statements. The record store's save finds a
 * row by its natural key, reads it back and wraps both in a transaction; the log's own
 * rows need none of that: a new execution is an INSERT, a batch of messages one
 * multi-row INSERT, an ending one UPDATE by id. Values are the spec's own (the same
 * codecs as the store), so the rows read back exactly as if the store had written them.
 * Under load, the writes of executions running at once are grouped (WriteCoalescer).
 */
export class ExecutionTable {
  readonly #database: Database;
  readonly #store: RecordStore;

  constructor(database: Database, store: RecordStore) {
    this.#database = database;
    this.#store = store;
  }

  #instant(iso: string): unknown {
    return DATETIME.toDb(iso, this.#database.dialect);
  }

  /** JSON text as the store writes it (values come from JSON-safe sources: parameters, results). */
  #json(value: unknown): unknown {
    return JSON_VALUE.toDb(value as JsonValue, this.#database.dialect);
  }

  /** Inserts the row and answers its id. */
  async insert(row: ExecutionInsert): Promise<string> {
    return this.#insertWith(this.#database.db, row);
  }

  /**
   * Inserts the row only if `fence()` still answers true once a connection is in hand,
   * just before the statement goes out (a scheduler replica asks whether it still holds
   * its lease); answers the id, or undefined when the fence said no.
   */
  async insertFenced(row: ExecutionInsert, fence: () => boolean): Promise<string | undefined> {
    return this.#database.db
      .connection()
      .execute((db) => (fence() ? this.#insertWith(db, row) : Promise.resolve(undefined)));
  }

  /**
   * Stores the values of an execution's secret parameters in its encrypted `secrets`
   * field (sealed to the row's id by the store), and makes a queued one claimable.
   */
  async sealSecrets(id: string, secrets: Readonly<Record<string, unknown>>): Promise<void> {
    await this.#store.save("execution", { key: id }, { secrets: { ...secrets }, not_before: null });
  }

  async #insertWith(db: Database["db"], row: ExecutionInsert): Promise<string> {
    const now = this.#instant(new Date().toISOString());
    const optional = (iso: string | undefined) => (iso === undefined ? null : this.#instant(iso));
    const values = {
      command: row.command,
      parameters: this.#json(row.parameters),
      user: row.user,
      origin: row.origin,
      status: row.status,
      attempt: 1,
      worker: row.worker ?? null,
      queue: row.queue ?? null,
      priority: row.priority ?? 0,
      queued: optional(row.queued),
      not_before: optional(row.notBefore),
      started: optional(row.started),
      heartbeat: optional(row.heartbeat),
      parent_id: row.parent === undefined ? null : Number(row.parent),
      ...(row.notify === undefined ? {} : { notify: this.#json(row.notify) }),
      ...(row.fireKey === undefined
        ? {}
        : {
            schedule_id: row.schedule === undefined ? null : Number(row.schedule),
            scheduled_for: optional(row.scheduledFor),
            fire_key: row.fireKey,
            lateness_ms: row.latenessMs ?? null,
            fired_by: row.firedBy ?? null,
          }),
      created: now,
      updated: now,
    };
    const insert = db.insertInto("execution").values(values);
    if (this.#database.dialect === "mysql") {
      const result = await insert.executeTakeFirstOrThrow();
      return String(result.insertId);
    }
    const inserted = await insert.returning("id").executeTakeFirstOrThrow();
    return String(inserted.id);
  }

  /**
   * Appends an execution's messages. Messages of executions running at once go out in
   * one multi-row INSERT (see WriteCoalescer). They are append-only, so a conflict only
   * comes from a race with another writer of the same `seq` (a reaper's note as an
   * attempt starts): then that execution's batch goes through the store, which
   * updates rows that exist.
   */
  append(execution: string, messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return this.#appends.run({ execution, messages });
  }

  readonly #appends = new WriteCoalescer<MessageBatch, void>(
    async (batches) => {
      await this.#insertMessages(batches);
      return batches.map(() => undefined);
    },
    async (batch) => {
      try {
        await this.#insertMessages([batch]);
      } catch (error) {
        if (violationOf(error) !== "unique") throw error;
        await this.#store.saveMany(
          "execution_message",
          batch.messages.map((message) => {
            const { execution: _execution, seq, time, ...body } = message;
            return {
              key: { key: String(seq), scope: { execution: batch.execution } },
              values: { type: message.type, time, body: boundedBody(body) },
            };
          }),
        );
      }
    },
  );

  async #insertMessages(batches: readonly MessageBatch[]): Promise<void> {
    const rows = this.#messageRows(batches);
    for (let start = 0; start < rows.length; start += MESSAGE_ROWS_PER_STATEMENT) {
      await this.#database.db
        .insertInto("execution_message")
        .values(rows.slice(start, start + MESSAGE_ROWS_PER_STATEMENT))
        .execute();
    }
  }

  #messageRows(batches: readonly MessageBatch[]): MessageRow[] {
    const now = this.#instant(new Date().toISOString());
    return batches.flatMap(({ execution, messages }) =>
      messages.map((message) => {
        const { execution: _execution, seq, time, ...body } = message;
        return {
          execution_id: Number(execution),
          seq,
          type: message.type,
          time: this.#instant(time),
          body: this.#json(boundedBody(body)),
          created: now,
          updated: now,
        };
      }),
    );
  }

  /**
   * Ends an execution, storing its last `messages` with it. With `attempt`, only while
   * that attempt is still `running` (a reaper may have taken it meanwhile); without,
   * unconditionally; the messages are stored either way, as an append would. Ends with
   * the same columns (the same status and result, as no-op runs have) share one UPDATE.
   * Answers the ended row as its notification reads it (RETURNING), or undefined when
   * the end did not apply or the backend cannot return it (MySQL): then it is to be read.
   */
  async end(
    id: string,
    end: ExecutionEnd,
    attempt?: number,
    messages: readonly Message[] = [],
  ): Promise<EndRow | undefined> {
    const set = {
      status: end.status,
      ...("result" in end ? { result: this.#json(end.result) } : {}),
      ...("error" in end ? { error: this.#json(end.error) } : {}),
    };
    const shape = JSON.stringify([attempt, set]);
    return this.#ends.run({ id: Number(id), attempt, set, shape, messages });
  }

  readonly #ends = new WriteCoalescer<PendingEnd, EndRow | undefined>(
    async (ends) => {
      const shapes = new Map<string, PendingEnd[]>();
      for (const end of ends) shapes.set(end.shape, [...(shapes.get(end.shape) ?? []), end]);
      const ended = new Map<number, EndRow>();
      for (const rows of await Promise.all([...shapes.values()].map((same) => this.#update(same))))
        for (const row of rows) ended.set(Number(row.id), row);
      return ends.map((end) => ended.get(end.id));
    },
    async (end) => (await this.#update([end]))[0],
  );

  /**
   * The UPDATE of ends of one shape. On PostgreSQL their messages go in the same
   * statement (a data-modifying WITH), so an execution's last messages and its end are
   * one round trip and one commit. Elsewhere, or when that statement fails (a message's
   * `seq` already stored, see append), they are appended first; messages that cannot be
   * stored are reported, as the recorder reports a failed batch, and the end goes on.
   */
  async #update(ends: readonly PendingEnd[]): Promise<readonly EndRow[]> {
    const batches = ends
      .filter((end) => end.messages.length > 0)
      .map((end) => ({ execution: String(end.id), messages: end.messages }));
    if (batches.length === 0) return this.#endRows(ends, []);
    if (this.#database.dialect === "postgres") {
      const rows = this.#messageRows(batches);
      if (rows.length <= MESSAGE_ROWS_PER_STATEMENT) {
        try {
          return await this.#endRows(ends, rows);
        } catch {
          // Nothing of it was written: the messages are appended apart, then the end.
        }
      }
    }
    await Promise.all(
      batches.map((batch) =>
        this.append(batch.execution, batch.messages).catch((error: unknown) => {
          process.emitWarning(
            `cannot record messages of execution ${batch.execution}: ${(error as Error).message}`,
          );
        }),
      ),
    );
    return this.#endRows(ends, []);
  }

  async #endRows(
    ends: readonly PendingEnd[],
    messageRows: readonly MessageRow[],
  ): Promise<readonly EndRow[]> {
    const [first] = ends;
    if (first === undefined) return [];
    const now = this.#instant(new Date().toISOString());
    const db =
      messageRows.length === 0
        ? this.#database.db
        : this.#database.db.with("stored_messages", (creator) =>
            creator.insertInto("execution_message").values(messageRows),
          );
    let update = db
      .updateTable("execution")
      .set({ ...first.set, finished: now, updated: now })
      .where(
        "id",
        "in",
        ends.map((end) => end.id),
      );
    if (first.attempt !== undefined)
      update = update.where("status", "=", "running").where("attempt", "=", first.attempt);
    if (this.#database.dialect === "mysql") {
      await update.execute();
      return [];
    }
    return await update.returning(endRowColumns).execute();
  }
}

interface MessageBatch {
  readonly execution: string;
  readonly messages: readonly Message[];
}

interface PendingEnd {
  readonly id: number;
  readonly attempt: number | undefined;
  readonly set: Readonly<Record<string, unknown>>;
  /** Ends with equal shapes can share one UPDATE. */
  readonly shape: string;
  /** The execution's messages not yet stored, stored with its end. */
  readonly messages: readonly Message[];
}

/** An `execution_message` row as the driver takes it. */
interface MessageRow {
  readonly execution_id: number;
  readonly seq: number;
  readonly type: string;
  readonly time: unknown;
  readonly body: unknown;
  readonly created: unknown;
  readonly updated: unknown;
}

/** Seven parameters a message row: this many stay under every backend's parameter limit. */
const MESSAGE_ROWS_PER_STATEMENT = 500;
