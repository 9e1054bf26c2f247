import { fromErrorPayload } from "./error-payload.js";
import { fromRowsPayload, type FromReadWorker, type Row } from "./protocol.js";
import { ReadThread, type ThreadEvents } from "./read-thread.js";
import { ReadTimeout } from "./read-timeout.js";
import { readWorkerEntry, type ReadWorkerEntry } from "./read-worker-entry.js";

/** Batches a stream's thread may produce ahead of its consumer before it waits. */
export const STREAM_AHEAD = 2;

export interface ReadResult {
  readonly rows: Row[];
  /** Rows a non-SELECT statement changed (none can on a read-only connection). */
  readonly changes: number;
}

interface Waiter {
  resolve(thread: ReadThread): void;
  reject(error: Error): void;
}

/**
 * Worker threads that run SQLite reads, each on its own read-only connection, so a
 * slow statement never blocks the main thread's event loop and can be stopped:
 * better-sqlite3 has no interrupt, so a job past its time limit has its thread
 * terminated (a fresh one takes its place) and fails with `ReadTimeout`. Jobs wait in
 * line for a free thread; the time limit runs from the moment a thread takes the job.
 */
export class SqliteReadPool {
  readonly #entry: ReadWorkerEntry;
  readonly #file: string;
  readonly #size: number;
  readonly #threads = new Set<ReadThread>();
  readonly #waiters: Waiter[] = [];
  readonly #events: ThreadEvents;
  #nextJob = 1;
  #buffered = 0;
  #closed = false;

  constructor(file: string, size: number) {
    this.#entry = readWorkerEntry();
    this.#file = file;
    this.#size = Math.max(1, Math.floor(size));
    this.#events = {
      ready: () => {
        this.#dispatch();
      },
      failedToStart: (thread, error) => {
        this.#threads.delete(thread);
        // Nothing can open the file: fail those waiting rather than retry in a loop.
        // The next job starts a thread again.
        if (![...this.#threads].some((t) => t.alive)) {
          for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
        }
      },
      exited: (thread) => {
        if (this.#threads.delete(thread)) this.#refill();
      },
    };
    this.#refill();
  }

  /** Threads it runs at most. */
  get size(): number {
    return this.#size;
  }

  /** Batches of open streams received from their threads and not yet taken by their consumers. */
  get bufferedBatches(): number {
    return this.#buffered;
  }

  /** Runs one statement on a free thread; fails with `ReadTimeout` past `timeoutMs`. */
  async query(sql: string, parameters: readonly unknown[], timeoutMs: number): Promise<ReadResult> {
    const thread = await this.#acquire();
    const job = this.#nextJob++;
    return await new Promise<ReadResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#kill(thread);
        reject(new ReadTimeout(timeoutMs));
      }, timeoutMs);
      thread.take(
        (message) => {
          if (!("job" in message) || message.job !== job) return;
          clearTimeout(timer);
          this.#free(thread);
          if (message.kind === "rows")
            resolve({ rows: fromRowsPayload(message.rows), changes: message.changes });
          else if (message.kind === "error") reject(fromErrorPayload(message.error));
          else reject(new Error(`unexpected '${message.kind}' from a SQLite read thread`));
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
      thread.post({ kind: "query", job, sql, parameters });
    });
  }

  /**
   * The statement's rows in batches of `batchSize`, read on one thread that runs at
   * most STREAM_AHEAD batches ahead of the consumer (so memory stays at a few batches
   * whatever the table's size). The time limit applies to producing each batch: a long
   * export goes on as long as every batch comes in time, and one that stalls is
   * stopped. Stopping early (break, return, throw) closes the statement.
   */
  async *stream(
    sql: string,
    parameters: readonly unknown[],
    batchSize: number,
    timeoutMs: number,
  ): AsyncGenerator<Row[], void, undefined> {
    const thread = await this.#acquire();
    const job = this.#nextJob++;
    const queue: Row[][] = [];
    // Shared with the listener and timers, so read through an object rather than narrowed.
    const state: { credits: number; ended: boolean; failure: Error | undefined } = {
      credits: STREAM_AHEAD,
      ended: false,
      failure: undefined,
    };
    let wake: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const notify = () => {
      const waiting = wake;
      wake = undefined;
      waiting?.();
    };
    const end = (error?: Error) => {
      clearTimeout(timer);
      state.ended = true;
      state.failure ??= error;
      notify();
    };
    // The clock runs while the thread has credit to produce, and restarts at each batch.
    const arm = () => {
      clearTimeout(timer);
      timer =
        state.credits > 0 && !state.ended
          ? setTimeout(() => {
              this.#kill(thread);
              end(new ReadTimeout(timeoutMs));
            }, timeoutMs)
          : undefined;
    };
    const listener = (message: FromReadWorker) => {
      if (!("job" in message) || message.job !== job || state.ended) return;
      if (message.kind === "batch") {
        queue.push(fromRowsPayload(message.rows));
        this.#buffered++;
        state.credits--;
        arm();
        notify();
        return;
      }
      this.#free(thread);
      if (message.kind === "done") end();
      else if (message.kind === "error") end(fromErrorPayload(message.error));
      else end(new Error(`unexpected '${message.kind}' from a SQLite read thread`));
    };
    thread.take(listener, end);
    thread.post({ kind: "stream", job, sql, parameters, batchSize, credits: STREAM_AHEAD });
    arm();
    try {
      for (;;) {
        const rows = queue.shift();
        if (rows !== undefined) {
          this.#buffered--;
          if (!state.ended) {
            state.credits++;
            thread.post({ kind: "more", job });
            arm();
          }
          yield rows;
          continue;
        }
        if (state.failure !== undefined) throw state.failure;
        if (state.ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      this.#buffered -= queue.length;
      queue.length = 0;
      if (!state.ended) this.#abandon(thread, job, timeoutMs);
    }
  }

  /** Stops every thread; jobs still waiting for one fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new Error("the SQLite read pool is closed");
    for (const waiter of this.#waiters.splice(0)) waiter.reject(closed);
    const threads = [...this.#threads];
    this.#threads.clear();
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  /** A consumer left a stream early: the thread closes the statement, or is stopped. */
  #abandon(thread: ReadThread, job: number, timeoutMs: number): void {
    const timer = setTimeout(() => {
      this.#kill(thread);
    }, timeoutMs);
    thread.take(
      (message) => {
        if (!("job" in message) || message.job !== job) return;
        if (message.kind !== "done" && message.kind !== "error") return;
        clearTimeout(timer);
        this.#free(thread);
      },
      () => {
        clearTimeout(timer);
      },
    );
    thread.post({ kind: "cancel", job });
  }

  #acquire(): Promise<ReadThread> {
    if (this.#closed) return Promise.reject(new Error("the SQLite read pool is closed"));
    for (const thread of this.#threads) {
      if (thread.idle) {
        thread.take(
          () => undefined,
          () => undefined,
        );
        return Promise.resolve(thread);
      }
    }
    this.#refill();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
    });
  }

  #free(thread: ReadThread): void {
    thread.release();
    this.#dispatch();
  }

  #dispatch(): void {
    for (const thread of this.#threads) {
      if (this.#waiters.length === 0) return;
      if (!thread.idle) continue;
      thread.take(
        () => undefined,
        () => undefined,
      );
      this.#waiters.shift()?.resolve(thread);
    }
  }

  /** Terminates a thread (not waiting for it to end) and starts its replacement. */
  #kill(thread: ReadThread): void {
    if (!this.#threads.delete(thread)) return;
    void thread.terminate();
    this.#refill();
  }

  #refill(): void {
    if (this.#closed) return;
    while (this.#threads.size < this.#size) {
      this.#threads.add(new ReadThread(this.#entry, { file: this.#file }, this.#events));
    }
  }
}
