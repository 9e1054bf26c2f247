import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { consumeWithBullmq, type StalledSettings } from "./bullmq-consumer.js";
import type {
  ConsumeOptions,
  EnqueueOptions,
  JobConsumer,
  QueuedJob,
  QueueTransport,
} from "./queue-transport.js";
import {
  bullmqQueueName,
  DEFAULT_PREFIX,
  JOB_NAME,
  jobIdOf,
  JOB_ID_ROUNDS,
  MAX_PRIORITY,
  type JobData,
} from "./job-ids.js";
import { producerConnection, type RedisConnectionOptions } from "./redis-connection.js";

export interface BullmqTransportOptions extends RedisConnectionOptions, StalledSettings {
  /** The prefix of every Redis key (BullMQ's `prefix`); tests give each run its own. */
  readonly prefix?: string;
  /** Connection and worker errors; they are retried, so this is for logging only. */
  readonly onError?: (error: Error) => void;
}

/**
 * The distributed transport: one BullMQ queue per Cairn queue, one job per execution
 * (the job id is the execution id, so enqueueing twice adds one job). Finished jobs are
 * removed at once: the execution record is the history, and an execution the reaper
 * requeues can be enqueued again under the same id.
 */
export function createBullmqTransport(options: BullmqTransportOptions): QueueTransport {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const onError = options.onError ?? (() => undefined);
  const queues = new Map<string, Queue<JobData>>();
  const registered = new Set<string>();
  /** Executions a consumer of this transport is running now. */
  const running = new Set<string>();
  /** Enqueues asked while their execution was running here (a retry): added once it ends. */
  const deferred = new Map<string, { job: QueuedJob; options: EnqueueOptions }>();
  /** The queue names ever used under this prefix, so `remove` knows where to look. */
  const knownQueuesKey = `${prefix}:cairn-queues`;
  let registry: Redis | undefined;
  const registryClient = (): Redis => {
    if (registry === undefined) {
      const { url, ...rest } = producerConnection(options);
      // Waits for the connection rather than failing before it is up; one retry, then fails.
      registry = new Redis(url ?? "", { ...rest, enableOfflineQueue: true });
      registry.on("error", onError);
    }
    return registry;
  };

  const queueFor = (name: string): Queue<JobData> => {
    let queue = queues.get(name);
    if (queue === undefined) {
      queue = new Queue<JobData>(bullmqQueueName(name), {
        connection: producerConnection(options),
        prefix,
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
      });
      queue.on("error", onError);
      queues.set(name, queue);
    }
    return queue;
  };

  const add = async (job: QueuedJob, enqueue: EnqueueOptions): Promise<void> => {
    const queue = queueFor(job.queue);
    if (!registered.has(job.queue)) {
      await registryClient().sadd(knownQueuesKey, job.queue);
      registered.add(job.queue);
    }
    const priority = Math.max(0, Math.min(MAX_PRIORITY, Math.trunc(job.priority)));
    await queue.add(
      JOB_NAME,
      { queue: job.queue, priority },
      {
        jobId: await freeJobId(queue, job.execution),
        ...(priority > 0 ? { priority } : {}),
        ...(enqueue.delayMs !== undefined && enqueue.delayMs > 0
          ? { delay: Math.ceil(enqueue.delayMs) }
          : {}),
      },
    );
  };

  /**
   * The job id to add under. An execution's job that is active although it does not run
   * here belongs to a worker that died (the runtime requeues an execution only once its
   * heartbeat stopped): BullMQ frees it only at its next stalled check, so the requeued
   * execution takes the next round's id rather than wait for that. Adding under an id
   * that is waiting already is a no-op, as it should be.
   */
  const freeJobId = async (queue: Queue<JobData>, execution: string): Promise<string> => {
    for (let round = 0; round < JOB_ID_ROUNDS - 1; round++) {
      const id = jobIdOf(execution, round);
      if ((await queue.getJobState(id)) !== "active") return id;
    }
    return jobIdOf(execution, JOB_ID_ROUNDS - 1);
  };

  const finished = async (execution: string): Promise<void> => {
    running.delete(execution);
    const next = deferred.get(execution);
    if (next === undefined) return;
    deferred.delete(execution);
    try {
      await add(next.job, next.options);
    } catch (error) {
      // The row stays queued: the runtime's sweeper enqueues it again.
      onError(error as Error);
    }
  };

  const knownQueues = async (): Promise<string[]> => {
    const names = await registryClient().smembers(knownQueuesKey);
    return [...new Set([...names, ...queues.keys()])];
  };

  return {
    async enqueue(job, enqueue = {}) {
      // BullMQ keeps the running job under this id until it ends; adding now would do
      // nothing, so a retry asked from inside the run waits for its end.
      if (running.has(job.execution)) {
        deferred.set(job.execution, { job, options: enqueue });
        return;
      }
      await add(job, enqueue);
    },

    async remove(execution) {
      if (deferred.delete(execution)) return true;
      let removed = false;
      for (const name of await knownQueues()) {
        const queue = queueFor(name);
        for (let round = 0; round < JOB_ID_ROUNDS; round++) {
          const id = jobIdOf(execution, round);
          const state = await queue.getJobState(id);
          if (state === "unknown" || state === "active") continue;
          // 0 when a worker took and locked it in between.
          if ((await queue.remove(id)) === 1) removed = true;
        }
      }
      return removed;
    },

    consume(consume: ConsumeOptions, run: (job: QueuedJob) => Promise<void>): JobConsumer {
      return consumeWithBullmq({
        ...options,
        prefix,
        onError,
        queues: consume.queues,
        concurrency: consume.concurrency,
        queueName: bullmqQueueName,
        run: (job) => {
          running.add(job.execution);
          return run(job);
        },
        // Called once BullMQ removed the finished job, so a deferred enqueue can add it anew.
        ended: finished,
      });
    },

    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      queues.clear();
      if (registry !== undefined) await registry.quit().catch(() => registry?.disconnect());
      registry = undefined;
    },
  };
}
