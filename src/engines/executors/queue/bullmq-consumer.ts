import { Worker, type Job } from "bullmq";
import { executionOf, type JobData } from "./job-ids.js";
import { ConcurrencyGate } from "./concurrency-gate.js";
import type { JobConsumer, QueuedJob } from "./queue-transport.js";
import { consumerConnection, type RedisConnectionOptions } from "./redis-connection.js";

/**
 * BullMQ's lock renewal and stalled-job recovery: a worker holds a lock on each job it
 * runs and renews it every `lockDurationMs / 2`; a job whose lock expired (its worker
 * died or lost Redis) goes back to waiting at the next stalled check and is delivered
 * again. Redelivery is harmless: the runtime claims the execution row before running it.
 */
export interface StalledSettings {
  /** How long a job's lock lasts without renewal (BullMQ default 30 s). */
  readonly lockDurationMs?: number;
  /** How often workers look for stalled jobs (BullMQ default 30 s). */
  readonly stalledIntervalMs?: number;
  /**
   * How many times a job may stall before BullMQ gives up on it (default 5). Given up or
   * not, the execution row decides: the reaper requeues or marks it lost.
   */
  readonly maxStalledCount?: number;
}

export interface BullmqConsumerOptions extends RedisConnectionOptions, StalledSettings {
  readonly prefix: string;
  readonly queues: readonly string[];
  readonly concurrency: number;
  queueName(queue: string): string;
  onError(error: Error): void;
  run(job: QueuedJob): Promise<void>;
  /** After BullMQ finished with the job of `execution` (removed it, or gave it up). */
  ended(execution: string): Promise<void>;
}

/**
 * One BullMQ worker per queue; together they run at most `concurrency` jobs (each
 * worker may fetch up to `concurrency`, a shared gate runs that many at once). A `run`
 * that rejects ends its job too: the runtime recorded the failure in the database.
 */
export function consumeWithBullmq(options: BullmqConsumerOptions): JobConsumer {
  const gate = new ConcurrencyGate(options.concurrency);
  const ids = new Set<string>();
  const process = async (job: Job<JobData>): Promise<void> => {
    const execution = executionOf(job.id);
    if (execution === undefined) return;
    ids.add(execution);
    await gate.run(async () => {
      try {
        await options.run({
          execution,
          queue: job.data.queue,
          priority: job.data.priority,
        });
      } catch {
        // Recorded by the runner; the job is done either way.
      }
    });
  };
  const ended = (job: Job<JobData> | undefined): void => {
    const execution = executionOf(job?.id);
    if (execution === undefined || !ids.delete(execution)) return;
    void options.ended(execution);
  };
  const workers = [...new Set(options.queues)].map((queue) => {
    const worker = new Worker<JobData>(options.queueName(queue), process, {
      connection: consumerConnection(options),
      prefix: options.prefix,
      concurrency: options.concurrency,
      ...(options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs }),
      ...(options.stalledIntervalMs === undefined
        ? {}
        : { stalledInterval: options.stalledIntervalMs }),
      maxStalledCount: options.maxStalledCount ?? 5,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    });
    worker.on("error", (error) => {
      options.onError(error);
    });
    worker.on("completed", ended);
    worker.on("failed", ended);
    return worker;
  });
  let closing: Promise<void> | undefined;
  return {
    close(graceMs) {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<"timeout">((resolve) => {
          timer = setTimeout(
            () => {
              resolve("timeout");
            },
            Math.max(0, graceMs),
          );
        });
        const gentle = Promise.all(workers.map((worker) => worker.close()));
        const outcome = await Promise.race([gentle.then(() => "closed" as const), timedOut]);
        clearTimeout(timer);
        // Jobs still running keep their lock until it expires, then are delivered again.
        if (outcome === "timeout") await Promise.all(workers.map((worker) => worker.close(true)));
        for (const execution of [...ids]) {
          ids.delete(execution);
          await options.ended(execution);
        }
      })();
      return closing;
    },
  };
}
