import type { RecordStore } from "../../engines/storage/records/record-store.js";

/** Keeps the `heartbeat` of running executions fresh, so the reaper leaves them alone. */
export interface Heartbeat {
  readonly everyMs: number;
  beat(ids: readonly string[]): Promise<void>;
}

/** Ids per query when looking for aborts asked in the database. */
const CHUNK = 500;

/**
 * The recorded executions running in this process, each with an AbortController
 * combined with its request's signal. An abort asked here fires it at once; an abort
 * asked through another process sets the row's `abort_requested`, which this registry
 * looks for every `pollMs` (one query for all its running ids, only while it has any,
 * on an unref'd timer) and fires in turn.
 */
export class RunningExecutions {
  readonly #store: RecordStore;
  readonly #pollMs: number;
  readonly #controllers = new Map<string, AbortController>();
  /** The signal each registration answered, to tell registrations of one id apart. */
  readonly #answered = new WeakMap<AbortController, AbortSignal>();
  readonly #heartbeat: Heartbeat | undefined;
  #timer: NodeJS.Timeout | undefined;
  #beatTimer: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;

  constructor(store: RecordStore, pollMs: number, heartbeat?: Heartbeat) {
    this.#store = store;
    this.#pollMs = pollMs;
    this.#heartbeat = heartbeat;
  }

  /** The ids of the executions running here now. */
  get ids(): string[] {
    return [...this.#controllers.keys()];
  }

  /** Registers an execution that starts now; answers the signal its run should obey. */
  register(id: string, signal: AbortSignal | undefined): AbortSignal {
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    this.#schedule();
    const answered =
      signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
    this.#answered.set(controller, answered);
    return answered;
  }

  /**
   * Forgets the execution; with `signal` (what `register` answered), only when that
   * registration is still the current one (a later attempt may have registered again).
   */
  unregister(id: string, signal?: AbortSignal): void {
    const controller = this.#controllers.get(id);
    if (controller === undefined) return;
    if (signal !== undefined && this.#answered.get(controller) !== signal) return;
    this.#controllers.delete(id);
    if (this.#controllers.size === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      clearInterval(this.#beatTimer);
      this.#beatTimer = undefined;
    }
  }

  /** Aborts the execution if it runs here; false when it does not. */
  abort(id: string): boolean {
    const controller = this.#controllers.get(id);
    controller?.abort();
    return controller !== undefined;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    clearInterval(this.#beatTimer);
    this.#beatTimer = undefined;
  }

  #schedule(): void {
    this.#scheduleBeats();
    if (this.#closed || this.#timer !== undefined || this.#polling) return;
    if (this.#controllers.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll();
    }, this.#pollMs).unref();
  }

  /** One heartbeat UPDATE for every execution running here, while there are any. */
  #scheduleBeats(): void {
    const heartbeat = this.#heartbeat;
    if (heartbeat === undefined || this.#closed || this.#beatTimer !== undefined) return;
    if (this.#controllers.size === 0) return;
    let beating = false;
    this.#beatTimer = setInterval(() => {
      if (beating) return;
      beating = true;
      heartbeat
        .beat(this.ids)
        .catch(() => undefined) // a missed beat is retried; the lease spans several
        .finally(() => (beating = false));
    }, heartbeat.everyMs).unref();
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      const ids = [...this.#controllers.keys()];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await this.#store.list("execution", {
          filters: [
            { path: "id__in", value: ids.slice(i, i + CHUNK) },
            { path: "abort_requested__isnull", value: false },
          ],
          fields: ["id"],
          limit: CHUNK,
        });
        for (const row of rows) this.abort(String(row.id));
      }
    } catch {
      // A failed look (a busy or restarting database) is retried at the next tick.
    } finally {
      this.#polling = false;
      this.#schedule();
    }
  }
}
