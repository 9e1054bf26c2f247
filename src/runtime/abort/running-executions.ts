import type { RecordStore } from "../../engines/storage/records/record-store.js";

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
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #closed = false;

  constructor(store: RecordStore, pollMs: number) {
    this.#store = store;
    this.#pollMs = pollMs;
  }

  /** Registers an execution that starts now; answers the signal its run should obey. */
  register(id: string, signal: AbortSignal | undefined): AbortSignal {
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    this.#schedule();
    return signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
  }

  unregister(id: string): void {
    this.#controllers.delete(id);
    if (this.#controllers.size === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
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
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== undefined || this.#polling) return;
    if (this.#controllers.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll();
    }, this.#pollMs).unref();
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
