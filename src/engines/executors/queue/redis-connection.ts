import type { RedisOptions } from "bullmq";

/**
 * Connection options for the two kinds of BullMQ clients (DESIGN.md section 7).
 *
 * Both reconnect forever, backing off from 100 ms to `maxBackoffMs`: a Redis restart or
 * a network blip never ends a worker or an API node, they carry on once Redis answers.
 *
 * - Consumers (workers) set `maxRetriesPerRequest: null`, as BullMQ requires, and keep
 *   ioredis' offline queue: their blocking reads wait through an outage and resume.
 * - Producers (API nodes, the CLI, the reaper) turn the offline queue off: while Redis is
 *   down an enqueue fails at once instead of hanging the request. Nothing is lost by
 *   that, since the execution row stays `queued` in the database and the runtime's
 *   sweeper enqueues it again once Redis is back.
 */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...` (CAIRN_REDIS_URL). */
  readonly url: string;
  /** The longest wait between reconnection attempts. */
  readonly maxBackoffMs?: number;
}

export function reconnectForever(maxBackoffMs = 3000): (times: number) => number {
  return (times) => Math.min(100 * 2 ** Math.min(times - 1, 10), maxBackoffMs);
}

export function consumerConnection(options: RedisConnectionOptions): RedisOptions {
  return {
    url: options.url,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: reconnectForever(options.maxBackoffMs),
  };
}

export function producerConnection(options: RedisConnectionOptions): RedisOptions {
  return {
    url: options.url,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: reconnectForever(options.maxBackoffMs),
  };
}
