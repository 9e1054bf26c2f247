import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";

export interface LeaseTimings {
  /** How long the lock stays held without renewal. */
  readonly leaseMs: number;
  /** How often it is renewed while the holder runs. */
  readonly renewMs: number;
}

/** The lock row a run holds: its id, name and the holder token only this run knows. */
export interface HeldLock {
  readonly id: string;
  readonly name: string;
  readonly holder: string;
}

/**
 * A command lock held by one run: renewed every `renewMs` (on an unref'd timer) so it
 * outlives the lease only while the holder runs, and released when the run ends. Every
 * write is conditional on the holder token, so a run whose lease lapsed and was taken
 * over never touches the new holder's lock.
 */
export class LockLease {
  readonly lock: HeldLock;
  readonly #store: RecordStore;
  readonly #timings: LeaseTimings;
  /** Waits until writing is safe (SQLite's writer gate), or not at all. */
  readonly #gate: () => Promise<void> | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #onReleased: () => void;
  #renewing: Promise<void> | undefined;
  #released: Promise<void> | undefined;

  constructor(
    store: RecordStore,
    lock: HeldLock,
    timings: LeaseTimings,
    gate: () => Promise<void> | undefined,
    onReleased: () => void = () => undefined,
  ) {
    this.lock = lock;
    this.#onReleased = onReleased;
    this.#store = store;
    this.#timings = timings;
    this.#gate = gate;
    this.#timer = setInterval(() => {
      this.#renewing ??= this.#renew().finally(() => (this.#renewing = undefined));
    }, timings.renewMs).unref();
  }

  /**
   * Names the execution holding the lock, once its record exists. The lock holds by
   * its token either way, so a failure here only leaves the name out.
   */
  async attach(execution: string): Promise<void> {
    if (execution === "") return;
    try {
      await this.#gate();
      await retryWhileBusy(() =>
        this.#store.transaction(async (store) => {
          if (await this.#mine(store))
            await store.save("lock", { key: this.lock.id }, { execution });
        }),
      );
    } catch (error) {
      process.emitWarning(`cannot name execution ${execution} on its lock: ${String(error)}`);
    }
  }

  /** Stops renewing, leaving the lock to expire. */
  stop(): void {
    clearInterval(this.#timer);
  }

  /** Stops renewing and frees the lock (only if it is still this run's). */
  release(): Promise<void> {
    return (this.#released ??= (async () => {
      this.stop();
      this.#onReleased();
      await this.#renewing;
      await this.#gate();
      await retryWhileBusy(() =>
        this.#store.clear("lock", {
          filters: [
            { path: "name", value: this.lock.name },
            { path: "holder", value: this.lock.holder },
          ],
        }),
      );
    })());
  }

  async #mine(store: RecordStore): Promise<boolean> {
    const rows = await store.list("lock", {
      filters: [
        { path: "id", value: this.lock.id },
        { path: "holder", value: this.lock.holder },
      ],
      fields: ["id"],
      limit: 1,
    });
    return rows.length > 0;
  }

  async #renew(): Promise<void> {
    try {
      await this.#gate();
      if (this.#released !== undefined) return;
      const expires = new Date(Date.now() + this.#timings.leaseMs).toISOString();
      const held = await retryWhileBusy(() =>
        this.#store.transaction(async (store) => {
          if (!(await this.#mine(store))) return false;
          await store.save("lock", { key: this.lock.id }, { expires });
          return true;
        }),
      );
      if (!held) {
        clearInterval(this.#timer);
        process.emitWarning(
          `the lock '${this.lock.name}' lapsed and was taken over; its run goes on without it`,
        );
      }
    } catch (error) {
      // The next renewal tries again; the lease is several renewals long.
      process.emitWarning(`cannot renew the lock '${this.lock.name}': ${String(error)}`);
    }
  }
}
