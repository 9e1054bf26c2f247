import type { MessageStreams } from "../../../engines/executors/queue/message-streams.js";
import type { QueueTransport } from "../../../engines/executors/queue/queue-transport.js";
import type { Settings } from "../../../foundations/settings.js";
import type { TextSink } from "../cli-io.js";

/** Redis errors are retried forever; say so on stderr at most this often. */
const ERROR_EVERY_MS = 10_000;

/** What the distributed shape runs on Redis. */
export interface RedisServices {
  /** Where queued executions travel: BullMQ. */
  readonly transport: QueueTransport;
  /** Live messages of running executions, for followers on other nodes: Redis Streams. */
  readonly streams: MessageStreams;
  /** Closes both, after the runtime that used them. */
  close(): Promise<void>;
}

/**
 * The Redis services of the distributed shape on CAIRN_REDIS_URL (the BullMQ transport
 * and the message streams), or undefined for the embedded shape (the runtime then
 * queues in its database, and followers of another process poll it). Both `cairn
 * serve` (to enqueue and follow) and `cairn worker` (to consume and publish) take them
 * from here.
 */
export async function redisFor(
  settings: Settings,
  stderr?: TextSink,
): Promise<RedisServices | undefined> {
  if (settings.redisUrl === undefined) return undefined;
  // Loaded here so the embedded shape never loads BullMQ or ioredis.
  const { createBullmqTransport, createRedisMessageStreams } =
    await import("../../../engines/executors/queue/index.js");
  let lastReport = 0;
  const onError = (error: Error) => {
    const now = Date.now();
    if (stderr === undefined || now - lastReport < ERROR_EVERY_MS) return;
    lastReport = now;
    stderr.write(`cairn: Redis: ${error.message} (retrying)\n`);
  };
  const transport = createBullmqTransport({ url: settings.redisUrl, onError });
  const streams = createRedisMessageStreams({ url: settings.redisUrl, onError });
  return {
    transport,
    streams,
    close: async () => {
      await Promise.all([transport.close(), streams.close()]);
    },
  };
}
