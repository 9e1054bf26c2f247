import type { Database } from "../../../engines/storage/database.js";
import { codecFor } from "../../../engines/storage/records/codecs/codec-for.js";
import { retryWhileBusy } from "../../messages/is-busy-error.js";
import type { RuntimeParts } from "../../runtime-parts.js";
import type { FireActivity } from "./plan-fires.js";

const DATETIME = codecFor("datetime");
const BOOLEAN = codecFor("boolean");

/** Whether this replica may still write: asked with a connection in hand, just before a write. */
export type Fence = () => boolean;

/** What a look at a schedule moves forward. */
export interface Advance {
  /** Every instant up to here is decided on (epoch ms). */
  readonly checkedUntil: number;
  /** The latest instant fired, when this look fired (or found fired) one. */
  readonly lastFire: number | undefined;
  /** The next instant to fire, if any is left. */
  readonly nextFire: number | undefined;
}

function count(result: { numUpdatedRows: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? 0n);
}

/**
 * The scheduler's reads and writes of `schedule` rows and of the executions they fired.
 * Every write is fenced: it reserves a connection, asks the fence, and only then sends
 * its statement, so a replica that lost its lease while waiting for a connection writes
 * nothing. Writes name the state they expect, so a late writer never undoes a newer one.
 */
export class ScheduleRows {
  readonly #parts: RuntimeParts;

  constructor(parts: RuntimeParts) {
    this.#parts = parts;
  }

  get #database(): Database {
    return this.#parts.database;
  }

  #instant(ms: number): unknown {
    return DATETIME.toDb(new Date(ms).toISOString(), this.#database.dialect);
  }

  /** Runs `write` on a reserved connection if the fence still holds; undefined when it did not. */
  async fenced<T>(fence: Fence, write: (db: Database["db"]) => Promise<T>): Promise<T | undefined> {
    await this.#parts.gate();
    return retryWhileBusy(() =>
      this.#database.db
        .connection()
        .execute((db) => (fence() ? write(db) : Promise.resolve(undefined))),
    );
  }

  /** Whether an earlier fire of the schedule is queued or running, and when the latest ended. */
  async activity(schedule: number, withFinished: boolean): Promise<FireActivity> {
    const db = this.#database.db;
    const active = await retryWhileBusy(() =>
      db
        .selectFrom("execution")
        .select("id")
        .where("schedule_id", "=", schedule)
        .where("status", "in", ["queued", "running"])
        .limit(1)
        .executeTakeFirst(),
    );
    if (active !== undefined || !withFinished) {
      return { active: active !== undefined, lastFinished: undefined };
    }
    const last = (await retryWhileBusy(() =>
      db
        .selectFrom("execution")
        .select("finished")
        .where("schedule_id", "=", schedule)
        .where("finished", "is not", null)
        .orderBy("finished", "desc")
        .limit(1)
        .executeTakeFirst(),
    )) as { finished?: unknown } | undefined;
    const field = this.#parts.spec.models.get("execution")?.fields.get("finished");
    const raw = last?.finished;
    const decoded =
      raw === undefined || raw === null || field === undefined
        ? undefined
        : DATETIME.fromDb(raw, this.#database.dialect, field);
    const lastFinished = typeof decoded === "string" ? Date.parse(decoded) : undefined;
    return { active: false, lastFinished };
  }

  /**
   * Moves `checked_until` (never backwards: the update names an earlier or equal value),
   * `next_fire` and, when given, `last_fire`. False when another replica had moved the
   * row further; undefined when the fence stopped it.
   */
  async advance(schedule: number, advance: Advance, fence: Fence): Promise<boolean | undefined> {
    const checkedUntil = this.#instant(advance.checkedUntil);
    const values = {
      checked_until: checkedUntil,
      next_fire: advance.nextFire === undefined ? null : this.#instant(advance.nextFire),
      ...(advance.lastFire === undefined ? {} : { last_fire: this.#instant(advance.lastFire) }),
      updated: this.#instant(Date.now()),
    };
    const result = await this.fenced(fence, (db) =>
      db
        .updateTable("schedule")
        .set(values)
        .where("id", "=", schedule)
        .where((eb) =>
          eb.or([eb("checked_until", "is", null), eb("checked_until", "<=", checkedUntil)]),
        )
        .executeTakeFirst(),
    );
    return result === undefined ? undefined : count(result) > 0;
  }

  /** Sets `next_fire` alone (nothing was due, but the stored one is out of date). */
  async setNextFire(schedule: number, nextFire: number | undefined, fence: Fence): Promise<void> {
    await this.fenced(fence, (db) =>
      db
        .updateTable("schedule")
        .set({ next_fire: nextFire === undefined ? null : this.#instant(nextFire) })
        .where("id", "=", schedule)
        .executeTakeFirst(),
    );
  }

  /** Pauses a schedule with the reason; false when it was paused already, undefined when fenced. */
  async pause(schedule: number, reason: string, fence: Fence): Promise<boolean | undefined> {
    const dialect = this.#database.dialect;
    const result = await this.fenced(fence, (db) =>
      db
        .updateTable("schedule")
        .set({
          paused: BOOLEAN.toDb(true, dialect),
          paused_reason: reason,
          updated: this.#instant(Date.now()),
        })
        .where("id", "=", schedule)
        .where("paused", "=", BOOLEAN.toDb(false, dialect))
        .executeTakeFirst(),
    );
    return result === undefined ? undefined : count(result) > 0;
  }
}
