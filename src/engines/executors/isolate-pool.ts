import {
  ExecutionAborted,
  ExecutionTimeout,
  HandlerFailed,
} from "../../foundations/error-codes.js";
import type { KeyringSources } from "../crypto/load-keyring.js";
import { toErrorPayload } from "./error-payload.js";
import { Isolate, type JobEvents } from "./isolate.js";
import type { IsolateJob, JobOutcome } from "./protocol.js";
import { isolateWorkerEntry, type WorkerEntry } from "./worker-entry.js";

export interface IsolatePoolOptions {
  /** Isolates kept at most (settings.isolates). */
  readonly size: number;
  readonly projectDir: string;
  readonly databaseUrl: string;
  readonly keys: KeyringSources;
  /** How long an aborted or timed-out handler may take to stop before its thread is terminated. */
  readonly graceMs: number;
  /** Messages a handler may have unread before it pauses (default 1000). */
  readonly window?: number;
}

export interface JobOptions {
  readonly signal?: AbortSignal | undefined;
  /** Soft timeout: the signal fires, then the thread is terminated after the grace period. */
  readonly timeoutMs?: number | undefined;
  /**
   * Lets the job start an isolate beyond `size` when all are busy. Used for nested runs
   * (`ctx.run`), whose caller holds an isolate while it waits: without it a full pool
   * would wait for itself.
   */
  readonly overflow?: boolean | undefined;
}

export interface JobHandle {
  readonly outcome: Promise<JobOutcome>;
  /** Messages of this job read and recorded so far (see credit-window.ts). */
  release(count: number): void;
}

interface Waiter {
  readonly resolve: (isolate: Isolate) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A pool of worker threads that run user handlers, started lazily so commands that
 * run no handler never pay for threads. A handler that ignores its abort or timeout,
 * blocks its loop or crashes costs only its thread, which is terminated and replaced.
 */
export class IsolatePool {
  readonly #options: IsolatePoolOptions;
  readonly #entry: WorkerEntry;
  readonly #all = new Set<Isolate>();
  readonly #idle: Isolate[] = [];
  readonly #waiting: Waiter[] = [];
  #noWriters: (() => void)[] = [];
  #nextJob = 1;
  #closed = false;

  constructor(options: IsolatePoolOptions) {
    this.#options = options;
    this.#entry = isolateWorkerEntry();
  }

  /** Threads running now (for tests and status pages). */
  get size(): number {
    return [...this.#all].filter((isolate) => isolate.alive).length;
  }

  /** Isolates whose running handler has written and may hold SQLite's write lock. */
  get writers(): number {
    return [...this.#all].filter((isolate) => isolate.holdsWrites).length;
  }

  /** Resolves once no handler holds uncommitted writes (the SQLite writer gate). */
  whenNoWriters(): Promise<void> {
    if (this.writers === 0) return Promise.resolve();
    return new Promise((resolve) => this.#noWriters.push(resolve));
  }

  start(job: Omit<IsolateJob, "id">, events: JobEvents, options: JobOptions = {}): JobHandle {
    const id = this.#nextJob++;
    let isolate: Isolate | undefined;
    let released = 0;
    const outcome = (async (): Promise<JobOutcome> => {
      try {
        isolate = await this.#acquire(options.overflow === true);
      } catch (error) {
        return { status: "failed", error: toErrorPayload(error, HandlerFailed.code) };
      }
      try {
        const running = this.#runOn(isolate, { ...job, id }, events, options);
        isolate.release(released);
        return await running;
      } finally {
        this.#giveBack(isolate);
      }
    })();
    return {
      outcome,
      release(count) {
        released = count;
        isolate?.release(count);
      },
    };
  }

  /**
   * Starts isolates up to the pool's size now rather than at the first jobs, which
   * would otherwise wait for threads to start (a worker process is there to run
   * handlers). Resolves once they are ready and idle.
   */
  async warm(): Promise<void> {
    const missing = Math.max(0, this.#options.size - this.size);
    const started = await Promise.all(Array.from({ length: missing }, () => this.#spawn()));
    for (const isolate of started) this.#giveBack(isolate);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error("the pool is closed"));
    await Promise.all([...this.#all].map((isolate) => isolate.close()));
    this.#all.clear();
    this.#idle.length = 0;
  }

  #runOn(isolate: Isolate, job: IsolateJob, events: JobEvents, options: JobOptions) {
    const { signal, timeoutMs } = options;
    return new Promise<JobOutcome>((resolve) => {
      let forced: JobOutcome | undefined;
      let grace: NodeJS.Timeout | undefined;
      const stop = (reason: "abort" | "timeout") => {
        if (forced !== undefined) return;
        const seconds = String((timeoutMs ?? 0) / 1000);
        const outcome: JobOutcome =
          reason === "timeout"
            ? {
                status: "failed",
                error: ExecutionTimeout.create(
                  `the handler ran past its timeout of ${seconds} s and was stopped`,
                ).toJSON(),
              }
            : {
                status: "aborted",
                error: ExecutionAborted.create("the execution was aborted").toJSON(),
              };
        forced = outcome;
        isolate.abort(job.id, reason);
        grace = setTimeout(() => {
          void isolate.terminate();
          resolve(outcome);
        }, this.#options.graceMs);
      };
      const onAbort = () => {
        stop("abort");
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              stop("timeout");
            }, timeoutMs);
      if (signal?.aborted === true) stop("abort");
      signal?.addEventListener("abort", onAbort, { once: true });
      void isolate.run(job, events).then((outcome) => {
        clearTimeout(timer);
        clearTimeout(grace);
        signal?.removeEventListener("abort", onAbort);
        resolve(forced ?? outcome);
      });
    });
  }

  async #acquire(overflow: boolean): Promise<Isolate> {
    if (this.#closed) throw new Error("the isolate pool is closed");
    const idle = this.#idle.pop();
    if (idle !== undefined) return idle;
    if (this.size < this.#options.size || overflow) return this.#spawn();
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  async #spawn(): Promise<Isolate> {
    const isolate = new Isolate(
      this.#entry,
      {
        projectDir: this.#options.projectDir,
        databaseUrl: this.#options.databaseUrl,
        keys: this.#options.keys,
        window: this.#options.window ?? 1000,
      },
      () => {
        this.#changed(isolate);
      },
    );
    this.#all.add(isolate);
    try {
      await isolate.ready;
    } catch (error) {
      this.#all.delete(isolate);
      throw error;
    }
    return isolate;
  }

  /** Returns a finished job's isolate, or replaces one that was terminated or crashed. */
  #giveBack(isolate: Isolate): void {
    if (this.#closed) {
      void isolate.close();
      return;
    }
    const waiter = this.#waiting.shift();
    if (!isolate.alive) {
      this.#all.delete(isolate);
      if (waiter !== undefined) this.#spawn().then(waiter.resolve, waiter.reject);
      return;
    }
    if (waiter !== undefined) {
      waiter.resolve(isolate);
    } else if (this.size > this.#options.size) {
      this.#all.delete(isolate);
      void isolate.close();
    } else {
      this.#idle.push(isolate);
    }
  }

  #changed(isolate: Isolate): void {
    if (!isolate.alive) {
      this.#all.delete(isolate);
      const at = this.#idle.indexOf(isolate);
      if (at >= 0) this.#idle.splice(at, 1);
    }
    if (this.writers === 0) for (const resolve of this.#noWriters.splice(0)) resolve();
  }
}
