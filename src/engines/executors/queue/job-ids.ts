/** What a BullMQ job of Cairn carries; its id is the execution id. */
export interface JobData {
  readonly queue: string;
  readonly priority: number;
}

export const DEFAULT_PREFIX = "bull";
export const JOB_NAME = "execution";
/** BullMQ's lowest priority. */
export const MAX_PRIORITY = 2 ** 21;

/**
 * Job ids an execution may use, tried in turn: the first, unless a dead worker's job
 * still holds it (see `enqueue`).
 */
export const JOB_ID_ROUNDS = 4;

/**
 * The BullMQ job id of an execution. BullMQ refuses integer ids (execution ids are
 * numbers) and would mix a bare id such as `wait` with its own keys: hence the prefix.
 * `round` > 0 names the job of an execution enqueued again while a dead worker's job
 * for it was still active.
 */
export function jobIdOf(execution: string, round = 0): string {
  return round === 0 ? `execution-${execution}` : `execution-${execution}#${String(round)}`;
}

/** The execution a BullMQ job id stands for; undefined for a job not made here. */
export function executionOf(jobId: string | undefined): string | undefined {
  if (jobId?.startsWith("execution-") !== true) return undefined;
  const id = jobId.slice("execution-".length);
  const round = id.lastIndexOf("#");
  return round === -1 ? id : id.slice(0, round);
}

/** The BullMQ queue that carries Cairn's queue `queue`. */
export function bullmqQueueName(queue: string): string {
  return `cairn-${queue}`;
}
