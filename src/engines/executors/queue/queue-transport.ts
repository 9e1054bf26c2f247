/**
 * How queued executions travel from whoever queues them to the workers that run them.
 * The database holds the truth (an execution row in `queued` status); a transport only
 * carries "execution N is waiting on queue Q" to a worker, so a lost or repeated
 * delivery is harmless: the worker claims the row before running it, and a sweeper puts
 * back what a transport lost. Two transports: the database itself (embedded shape) and
 * BullMQ on Redis (distributed shape).
 */

/** One queued execution, as a transport carries it. */
export interface QueuedJob {
  /** The execution id; a transport keeps at most one job per execution. */
  readonly execution: string;
  /** The queue name (`default` unless the command or the call names one). */
  readonly queue: string;
  /** Lower runs first, as BullMQ's priorities (1 highest); 0 means no priority. */
  readonly priority: number;
}

export interface EnqueueOptions {
  /** Not before this many milliseconds from now (retry backoff). */
  readonly delayMs?: number;
}

/** The producing side: API nodes, the CLI and the reaper put executions on queues. */
export interface JobSink {
  /** Puts the job on its queue; again for the same execution is a no-op. */
  enqueue(job: QueuedJob, options?: EnqueueOptions): Promise<void>;
  /** Takes a job off its queue before a worker got it; false when it was not waiting. */
  remove(execution: string): Promise<boolean>;
}

export interface ConsumeOptions {
  readonly queues: readonly string[];
  /** Jobs run at once by this consumer. */
  readonly concurrency: number;
}

/** A running consumer; `close` stops taking jobs and waits up to `graceMs` for running ones. */
export interface JobConsumer {
  close(graceMs: number): Promise<void>;
}

/** The consuming side: workers take jobs and run them. */
export interface JobSource {
  /**
   * Calls `run` for each job, at most `concurrency` at once. A job whose `run` resolves
   * is done; one whose `run` rejects is done too (the runner records the failure in the
   * database itself). A job whose consumer dies mid-run is delivered again later.
   */
  consume(options: ConsumeOptions, run: (job: QueuedJob) => Promise<void>): JobConsumer;
}

export interface QueueTransport extends JobSink, JobSource {
  /** Closes connections; consumers should be closed first. */
  close(): Promise<void>;
}
