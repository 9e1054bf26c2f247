import type {
  ConsumeOptions,
  EnqueueOptions,
  JobConsumer,
  QueuedJob,
  QueueTransport,
} from "../../engines/executors/queue/queue-transport.js";
import type { ExecutionRows } from "./execution-rows.js";

/**
 * The embedded shape's queue: the `execution` table itself. Enqueueing has nothing to
 * carry beyond the row, so it only wakes this process's consumers; consumers poll for
 * due `queued` rows of their queues (by priority, then id) every `pollMs` and when
 * woken. Two consumers may pick the same row; the worker's claim lets one run it.
 */
export class DatabaseQueue implements QueueTransport {
  readonly #rows: ExecutionRows;
  readonly #pollMs: number;
  readonly #wakers = new Set<() => void>();

  constructor(rows: ExecutionRows, pollMs: number) {
    this.#rows = rows;
    this.#pollMs = pollMs;
  }

  enqueue(_job: QueuedJob, options: EnqueueOptions = {}): Promise<void> {
    const wake = () => {
      for (const waker of this.#wakers) waker();
    };
    if ((options.delayMs ?? 0) > 0) setTimeout(wake, options.delayMs).unref();
    else wake();
    return Promise.resolve();
  }

  /** Nothing waits outside the row: aborting a queued execution changes the row itself. */
  remove(_execution: string): Promise<boolean> {
    return Promise.resolve(false);
  }

  consume(options: ConsumeOptions, run: (job: QueuedJob) => Promise<void>): JobConsumer {
    const running = new Map<string, Promise<void>>();
    let timer: NodeJS.Timeout | undefined;
    let polling = false;
    let again = false;
    let closed = false;
    const schedule = (ms: number) => {
      if (closed) return;
      clearTimeout(timer);
      timer = setTimeout(() => void poll(), ms).unref();
    };
    const poll = async () => {
      if (closed) return;
      if (polling) {
        again = true;
        return;
      }
      polling = true;
      try {
        const free = options.concurrency - running.size;
        const jobs = await this.#rows.due(options.queues, free, new Set(running.keys()));
        for (const job of jobs) {
          const done = run({ execution: job.id, queue: job.queue, priority: job.priority })
            .catch((error: unknown) => {
              process.emitWarning(`queued execution ${job.id}: ${String(error)}`);
            })
            .finally(() => {
              running.delete(job.id);
              schedule(0);
            });
          running.set(job.id, done);
        }
      } catch (error) {
        process.emitWarning(`cannot look for queued executions now: ${String(error)}`);
      } finally {
        polling = false;
        schedule(again ? 0 : this.#pollMs);
        again = false;
      }
    };
    const wake = () => {
      if (running.size < options.concurrency) schedule(0);
    };
    this.#wakers.add(wake);
    schedule(0);
    return {
      close: async (graceMs) => {
        closed = true;
        clearTimeout(timer);
        this.#wakers.delete(wake);
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all(running.values()),
          new Promise((resolve) => (grace = setTimeout(resolve, graceMs))),
        ]);
        clearTimeout(grace);
      },
    };
  }

  close(): Promise<void> {
    this.#wakers.clear();
    return Promise.resolve();
  }
}
