import type { QueueTransport } from "../../engines/executors/queue/queue-transport.js";

export interface WorkerOptions {
  /** Where jobs come from (default: the runtime's transport). */
  readonly transport?: QueueTransport;
  /** The queues to take (default: `default` and every queue the spec names). */
  readonly queues?: readonly string[];
  /** Executions run at once (default 1). */
  readonly concurrency?: number;
  /** Start the handler isolates now, not at the first jobs (`cairn worker` does). */
  readonly warm?: boolean;
}

/** A running worker: `close` stops taking jobs and waits up to `graceMs` for running ones. */
export interface WorkerHandle {
  /** The worker's name (`host:pid:tag`), as executions' `worker` and `queue_worker` rows show it. */
  readonly id: string;
  /**
   * Resolves with the number of handler isolates running once those `warm` asked for
   * are ready (0 at once without `warm`; the isolates then start at the first jobs).
   */
  readonly warmed: Promise<number>;
  close(graceMs: number): Promise<void>;
}

export interface Reaper {
  /** One round now (tests; the timer runs rounds on its own). */
  sweep(): Promise<void>;
  close(): void;
}
