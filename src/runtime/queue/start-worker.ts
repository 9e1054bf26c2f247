import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { DEFAULT_QUEUE } from "./backoff.js";
import { startReaper } from "./reaper.js";
import { runJob } from "./run-job.js";
import type { WorkerHandle, WorkerOptions } from "./worker-types.js";

/** `default` plus every `queue:` of the spec's commands. */
export function specQueues(parts: RuntimeParts): string[] {
  const queues = new Set([DEFAULT_QUEUE]);
  for (const command of parts.spec.commands.values()) {
    if (command.queue !== undefined) queues.add(command.queue);
  }
  return [...queues];
}

/**
 * `runtime.startWorker`: takes jobs from the transport, claims and runs each (see
 * runJob), keeps its `queue_worker` row (upserted at start and with every heartbeat,
 * removed on close) and runs a reaper. Executions' own heartbeats come from the
 * runtime, which beats for every execution running in the process.
 */
export function startWorker(parts: RuntimeParts, options: WorkerOptions = {}): WorkerHandle {
  const id = `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;
  const transport = options.transport ?? parts.transport;
  const queues = options.queues ?? specQueues(parts);
  const concurrency = options.concurrency ?? 1;
  const started = new Date().toISOString();
  let running = 0;
  const saveRow = async () => {
    await parts.gate();
    await retryWhileBusy(() =>
      parts.store.save(
        "queue_worker",
        { key: id },
        {
          host: hostname(),
          pid: process.pid,
          queues,
          concurrency,
          running,
          started,
          heartbeat: new Date().toISOString(),
        },
      ),
    );
  };
  let saving: Promise<void> | undefined;
  const beat = () => {
    saving ??= saveRow()
      .catch((error: unknown) => {
        process.emitWarning(`cannot record worker ${id}: ${String(error)}`);
      })
      .finally(() => (saving = undefined));
  };
  beat();
  const heartbeat = setInterval(beat, Math.max(parts.options.leaseMs / 3, 50)).unref();
  const warmed =
    options.warm === true
      ? parts
          .pool()
          .warm()
          .then(() => parts.pool().size)
          .catch((error: unknown) => {
            process.emitWarning(
              `handler isolates start at the first job instead: ${String(error)}`,
            );
            return 0;
          })
      : Promise.resolve(0);
  const reaper = startReaper(parts, transport);
  const consumer = transport.consume({ queues, concurrency }, async (job) => {
    running += 1;
    try {
      await runJob(parts, transport, job, id);
    } finally {
      running -= 1;
    }
  });
  let closed: Promise<void> | undefined;
  return {
    id,
    warmed,
    close: (graceMs) =>
      (closed ??= (async () => {
        clearInterval(heartbeat);
        reaper.close();
        await consumer.close(graceMs);
        await saving;
        try {
          await parts.gate();
          await retryWhileBusy(() =>
            parts.store.clear("queue_worker", { filters: [{ path: "name", value: id }] }),
          );
        } catch (error) {
          process.emitWarning(`cannot remove worker ${id}: ${String(error)}`);
        }
      })()),
  };
}
