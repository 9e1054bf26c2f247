import type { Redis } from "ioredis";

/** One stream entry as Redis answers it: `<seq>-0` and its fields. */
export type StreamEntry = [id: string, fields: string[]];

/** The longest one XREAD BLOCK of the shared reader waits; followers' own waits are shorter. */
const SHARED_BLOCK_MS = 10_000;

interface Waiter {
  readonly key: string;
  readonly after: number;
  settle(entries: readonly StreamEntry[] | Error): void;
}

/** The `seq` an entry id stands for (ids are `<seq>-0`). */
export function seqOfId(id: string): number {
  const dash = id.indexOf("-");
  return Number(dash === -1 ? id : id.slice(0, dash));
}

export interface SharedStreamReaderOptions {
  /** The blocking connection, opened on first use. */
  readonly connection: () => Redis;
  /** This reader's own wake stream. */
  readonly wakeKey: string;
  /** Adds an entry to the wake stream (on another connection), which ends the XREAD in flight. */
  readonly wake: () => Promise<void>;
  /** Entries per stream per XREAD. */
  readonly page: number;
}

/**
 * Every waiting follower of a process on one blocking connection. XREAD BLOCK holds its
 * connection until something comes, so a connection per follower would make an API
 * node's Redis connections grow with its clients; here each XREAD names the stream of
 * every waiting follower (from the lowest `seq` waited after on it) plus this reader's
 * wake stream, and answers each follower what is past its own `seq`. A follower whose
 * stream or position the XREAD in flight does not cover adds to the wake stream: the
 * XREAD returns at once and the next one names it too. Ids rather than "new since now"
 * (`$`) leave no race: an entry added while no XREAD is in flight is read by the next.
 * Nothing is buffered here: Redis holds the entries, a follower takes a page per read.
 */
export class SharedStreamReader {
  readonly #options: SharedStreamReaderOptions;
  readonly #waiting = new Map<string, Set<Waiter>>();
  /** Where the XREAD in flight reads each stream from; undefined between XREADs. */
  #covered: ReadonlyMap<string, number> | undefined;
  #wakeId = "0-0";
  #reading = false;
  #closed = false;

  constructor(options: SharedStreamReaderOptions) {
    this.#options = options;
  }

  /** Entries of `key` past `after`, once there are some; [] after `blockMs` or on `signal`. */
  wait(key: string, after: number, blockMs: number, signal: AbortSignal): Promise<StreamEntry[]> {
    if (this.#closed || signal.aborted) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        key,
        after,
        settle: (entries) => {
          clearTimeout(timer);
          signal.removeEventListener("abort", stop);
          this.#remove(waiter);
          if (entries instanceof Error) reject(entries);
          else resolve([...entries]);
        },
      };
      const stop = () => {
        waiter.settle([]);
      };
      const timer = setTimeout(stop, Math.max(0, blockMs));
      signal.addEventListener("abort", stop, { once: true });
      let waiters = this.#waiting.get(key);
      if (waiters === undefined) this.#waiting.set(key, (waiters = new Set()));
      waiters.add(waiter);
      const from = this.#covered?.get(key);
      if (this.#covered !== undefined && (from === undefined || from > after)) {
        // Unanswered, the waiter still ends at its own time; the next XREAD covers it.
        this.#options.wake().catch(() => undefined);
      }
      this.#ensureLoop();
    });
  }

  /** Answers every waiter [] and stops reading (the connection is closed by its owner). */
  close(): void {
    this.#closed = true;
    for (const waiters of [...this.#waiting.values()]) {
      for (const waiter of [...waiters]) waiter.settle([]);
    }
  }

  #remove(waiter: Waiter): void {
    const waiters = this.#waiting.get(waiter.key);
    waiters?.delete(waiter);
    if (waiters?.size === 0) this.#waiting.delete(waiter.key);
  }

  #ensureLoop(): void {
    if (this.#reading) return;
    this.#reading = true;
    void this.#run().finally(() => {
      this.#reading = false;
      if (this.#waiting.size > 0 && !this.#closed) this.#ensureLoop();
    });
  }

  async #run(): Promise<void> {
    while (this.#waiting.size > 0 && !this.#closed) {
      const from = new Map<string, number>();
      for (const [key, waiters] of this.#waiting) {
        from.set(key, Math.min(...[...waiters].map((waiter) => waiter.after)));
      }
      this.#covered = from;
      const keys = [...from.keys()];
      const ids = keys.map((key) => `${String(from.get(key))}-0`);
      let reply: [key: string, items: StreamEntry[]][] | null;
      try {
        reply = await this.#options
          .connection()
          .xread(
            "COUNT",
            this.#options.page,
            "BLOCK",
            SHARED_BLOCK_MS,
            "STREAMS",
            ...keys,
            this.#options.wakeKey,
            ...ids,
            this.#wakeId,
          );
      } catch (error) {
        this.#covered = undefined;
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const key of keys) {
          for (const waiter of [...(this.#waiting.get(key) ?? [])]) waiter.settle(failure);
        }
        continue;
      } finally {
        this.#covered = undefined;
      }
      for (const [key, entries] of reply ?? []) {
        if (key === this.#options.wakeKey) {
          this.#wakeId = entries.at(-1)?.[0] ?? this.#wakeId;
          continue;
        }
        for (const waiter of [...(this.#waiting.get(key) ?? [])]) {
          const past = entries.filter(([id]) => seqOfId(id) > waiter.after);
          if (past.length > 0) waiter.settle(past);
        }
      }
    }
  }
}
