import { Worker } from "node:worker_threads";
import { fromErrorPayload } from "./error-payload.js";
import type { FromReadWorker, ReadWorkerData, ToReadWorker } from "./protocol.js";
import type { ReadWorkerEntry } from "./read-worker-entry.js";

/** What the pool hears from one thread. */
export interface ThreadEvents {
  ready(thread: ReadThread): void;
  failedToStart(thread: ReadThread, error: Error): void;
  exited(thread: ReadThread, error: Error): void;
}

/** One read thread: its worker, whether it can take a job, and the job's listener. */
export class ReadThread {
  readonly #worker: Worker;
  #ready = false;
  #alive = true;
  #busy = false;
  #listener: ((message: FromReadWorker) => void) | undefined;
  #lost: ((error: Error) => void) | undefined;

  constructor(entry: ReadWorkerEntry, data: ReadWorkerData, events: ThreadEvents) {
    this.#worker = new Worker(entry.source, { eval: entry.eval, workerData: data });
    // An idle thread does not keep the process alive; a busy one does (see `take`).
    this.#worker.unref();
    let failure: Error | undefined;
    let reported = false;
    this.#worker.on("message", (message: FromReadWorker) => {
      if (message.kind === "ready") {
        this.#ready = true;
        events.ready(this);
      } else if (message.kind === "init-failed") {
        reported = true;
        this.#alive = false;
        void this.#worker.terminate();
        events.failedToStart(this, fromErrorPayload(message.error));
      } else {
        this.#listener?.(message);
      }
    });
    this.#worker.on("error", (error) => {
      failure = error;
    });
    this.#worker.on("exit", (code) => {
      const wasReady = this.#ready;
      const error = failure ?? new Error(`a SQLite read thread stopped (exit code ${code})`);
      const lost = this.#lost;
      this.#alive = false;
      this.#ready = false;
      this.#release();
      if (reported) return;
      lost?.(error);
      if (wasReady) events.exited(this, error);
      else events.failedToStart(this, error);
    });
  }

  /** Started, alive and not running a job. */
  get idle(): boolean {
    return this.#ready && this.#alive && !this.#busy;
  }

  get alive(): boolean {
    return this.#alive;
  }

  /**
   * Gives the thread a job: `listener` hears its replies, `lost` hears of the thread
   * dying under it. The job ends with `release` (or the thread's end).
   */
  take(listener: (message: FromReadWorker) => void, lost: (error: Error) => void): void {
    this.#busy = true;
    this.#listener = listener;
    this.#lost = lost;
    this.#worker.ref();
  }

  release(): void {
    this.#release();
  }

  post(message: ToReadWorker): void {
    if (this.#alive) this.#worker.postMessage(message);
  }

  /** Stops the thread, even in the middle of a statement; it never answers again. */
  terminate(): Promise<number> {
    this.#alive = false;
    this.#release();
    return this.#worker.terminate();
  }

  #release(): void {
    this.#busy = false;
    this.#listener = undefined;
    this.#lost = undefined;
    this.#worker.unref();
  }
}
