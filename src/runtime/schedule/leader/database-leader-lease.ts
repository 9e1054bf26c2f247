import type { Database } from "../../../engines/storage/database.js";
import { databaseNow } from "../../../engines/storage/database-clock.js";
import { codecFor } from "../../../engines/storage/records/codecs/codec-for.js";
import { violationOf } from "../../../engines/storage/records/database-errors.js";
import { retryWhileBusy } from "../../messages/is-busy-error.js";
import { FencedLeaderLease } from "./fenced-leader-lease.js";
import type { LeaderElectionOptions, LeaderLease } from "./leader-lease.js";
import type { LeaseAttempt, LeaseHold, LeaseStore } from "./lease-store.js";

const TABLE = "scheduler_lease";
const DATETIME = codecFor("datetime");
/** What a released lease expires at: long past on every clock. */
const RELEASED = 0;

/** The lease row as an acquire sees it. */
interface LeaseRow {
  readonly holder: string;
  readonly term: number;
  /** Whether it expired by this replica's clock. */
  readonly free: boolean;
}

function count(result: { numUpdatedRows: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? 0n);
}

/**
 * A lease as one row of the core `scheduler_lease` model, kept across holders so its
 * `term` only grows. Racing takers insert the first row (the unique `name` lets one
 * win); later takes are one conditional UPDATE naming the term read (`term = T`) and
 * the takeover condition (`expires < now`, or still this replica's last hold), setting
 * `term = T + 1`: of racing takers exactly one changes the row. Renewals and releases
 * name the holder and term, so they never touch a newer holder's lease.
 *
 * Clocks: `expires` is set and compared on the database server's clock (see
 * databaseNow), so replicas whose clocks disagree still agree on when a lease expired;
 * it is set after the request left the holder, so it never ends before the holder's own
 * deadline (request time + ttl - margin). SQLite runs on one machine, on its clock.
 */
export class DatabaseLeaseStore implements LeaseStore {
  readonly #database: Database;
  readonly #name: string;
  readonly #gate: () => Promise<void> | undefined;

  constructor(database: Database, name: string, gate: () => Promise<void> | undefined) {
    this.#database = database;
    this.#name = name;
    this.#gate = gate;
  }

  async acquire(
    replica: string,
    ttlMs: number,
    previous: LeaseHold | undefined,
  ): Promise<LeaseAttempt> {
    let row = await this.#read();
    if (row === undefined) {
      if (await this.#insert(replica, ttlMs))
        return { taken: true, hold: { term: 1, token: replica } };
      row = await this.#read();
      if (row === undefined) return { taken: false };
    }
    const mine =
      previous !== undefined && row.holder === previous.token && row.term === previous.term;
    if (row.free || mine) {
      if (await this.#take(row.term, replica, ttlMs, previous))
        return { taken: true, hold: { term: row.term + 1, token: replica } };
      row = (await this.#read()) ?? row;
    }
    return { taken: false, holder: row.holder };
  }

  async renew(hold: LeaseHold, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ expires: this.#expiresIn(ttlMs), updated: this.#instant(now) })
        .where("name", "=", this.#name)
        .where("holder", "=", hold.token)
        .where("term", "=", hold.term)
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }

  async release(hold: LeaseHold): Promise<void> {
    // The row stays, so the next take continues its term.
    await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({ expires: this.#instant(RELEASED), updated: this.#instant(Date.now()) })
        .where("name", "=", this.#name)
        .where("holder", "=", hold.token)
        .where("term", "=", hold.term)
        .executeTakeFirst(),
    );
  }

  /** The row as it stands (for inspection): holder, term and whether it expired. */
  current(): Promise<LeaseRow | undefined> {
    return this.#read();
  }

  /** `ttlMs` from now on the database's clock. */
  #expiresIn(ttlMs: number): unknown {
    return databaseNow(this.#database, -ttlMs);
  }

  /** A datetime as the driver takes it. */
  #instant(ms: number): unknown {
    return DATETIME.toDb(new Date(ms).toISOString(), this.#database.dialect);
  }

  async #write<T>(work: () => Promise<T>): Promise<T> {
    await this.#gate();
    return retryWhileBusy(work);
  }

  async #read(): Promise<LeaseRow | undefined> {
    const now = databaseNow(this.#database);
    const rows: Record<string, unknown>[] = await retryWhileBusy(() =>
      this.#database.db
        .selectFrom(TABLE)
        .select((eb) => ["holder", "term", eb("expires", "<", now).as("free")])
        .where("name", "=", this.#name)
        .limit(1)
        .execute(),
    );
    const [row] = rows;
    if (row === undefined) return undefined;
    // true/false on PostgreSQL, 1/0 (or "1"/"0") on SQLite and MariaDB.
    return { holder: String(row.holder), term: Number(row.term), free: Number(row.free) === 1 };
  }

  /** The first take ever: true for exactly one of racing inserts. */
  async #insert(replica: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    try {
      await this.#write(() =>
        this.#database.db
          .insertInto(TABLE)
          .values({
            name: this.#name,
            holder: replica,
            term: 1,
            acquired: this.#instant(now),
            expires: this.#expiresIn(ttlMs),
            created: this.#instant(now),
            updated: this.#instant(now),
          })
          .execute(),
      );
      return true;
    } catch (error) {
      if (violationOf(error) === "unique") return false;
      throw error;
    }
  }

  /** Term `term` -> `term + 1` for this replica, if the lease is still free (or still its own). */
  async #take(
    term: number,
    replica: string,
    ttlMs: number,
    previous: LeaseHold | undefined,
  ): Promise<boolean> {
    const now = Date.now();
    const result = await this.#write(() =>
      this.#database.db
        .updateTable(TABLE)
        .set({
          holder: replica,
          term: term + 1,
          acquired: this.#instant(now),
          expires: this.#expiresIn(ttlMs),
          updated: this.#instant(now),
        })
        .where("name", "=", this.#name)
        .where("term", "=", term)
        .where((eb) =>
          previous === undefined
            ? eb("expires", "<", databaseNow(this.#database))
            : eb.or([
                eb("expires", "<", databaseNow(this.#database)),
                eb.and([eb("holder", "=", previous.token), eb("term", "=", previous.term)]),
              ]),
        )
        .executeTakeFirst(),
    );
    return count(result) > 0;
  }
}

export interface DatabaseLeaderLeaseOptions extends LeaderElectionOptions {
  /** Waits until writing is safe (SQLite's writer gate), or not at all. */
  gate?: () => Promise<void> | undefined;
}

/** The leader lease in the database (when no Redis is configured); the database stays open. */
export function databaseLeaderLease(
  database: Database,
  options: DatabaseLeaderLeaseOptions,
): LeaderLease {
  const { gate = () => undefined, ...election } = options;
  return new FencedLeaderLease(new DatabaseLeaseStore(database, options.name, gate), election);
}
