import type { QueueTransport } from "../../../engines/executors/queue/queue-transport.js";
import type { Settings } from "../../../foundations/settings.js";
import type { TextSink } from "../cli-io.js";

/** Redis errors are retried forever; say so on stderr at most this often. */
const ERROR_EVERY_MS = 10_000;

/**
 * The queue transport of the distributed shape: BullMQ on CAIRN_REDIS_URL, or
 * undefined for the embedded shape (the runtime then queues in its database). Both
 * `cairn serve` (to enqueue) and `cairn worker` (to consume) take it from here.
 */
export async function transportFor(
  settings: Settings,
  stderr?: TextSink,
): Promise<QueueTransport | undefined> {
  if (settings.redisUrl === undefined) return undefined;
  // Loaded here so the embedded shape never loads BullMQ.
  const { createBullmqTransport } = await import("../../../engines/executors/queue/index.js");
  let lastReport = 0;
  return createBullmqTransport({
    url: settings.redisUrl,
    onError: (error) => {
      const now = Date.now();
      if (stderr === undefined || now - lastReport < ERROR_EVERY_MS) return;
      lastReport = now;
      stderr.write(`cairn: Redis: ${error.message} (retrying)\n`);
    },
  });
}
