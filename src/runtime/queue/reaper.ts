import type { JobSink } from "../../engines/executors/queue/queue-transport.js";
import { ExecutionLost } from "../../foundations/error-codes.js";
import { salvageStream } from "../messages/salvage-stream.js";
import { notifyEnd } from "../notify/notify-end.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { backoffMs } from "./backoff.js";
import type { StaleRow } from "./execution-rows.js";
import type { Reaper } from "./worker-types.js";

/** Rows looked at per round. */
const BATCH = 100;
/** Stale rows taken over at once. */
const AT_ONCE = 8;
/** The least pause before a reaped execution runs again (its note is written first). */
const MIN_REQUEUE_MS = 250;

/**
 * Every `reapEveryMs`: running executions whose heartbeat is older than the lease are
 * requeued (when `retries` allow; attempt + 1, with a backoff) or marked `lost`, each
 * with a message saying why (after the dead attempt's messages that reached its stream
 * but not the database, see salvageStream); and queued executions waiting longer than
 * `sweepAfterMs` are put on their queue again (a no-op when the transport still has
 * them), which recovers jobs a transport lost. Every change is a conditional update,
 * so replicas reaping at once change each row once.
 */
export function startReaper(parts: RuntimeParts, sink: JobSink): Reaper {
  const { leaseMs, reapEveryMs, sweepAfterMs } = parts.options;
  let round: Promise<void> | undefined;
  /** Requeues or marks lost one stale row (when no other reaper changed it first). */
  const reapRow = async (row: StaleRow) => {
    const attempts = (parts.spec.commands.get(row.command)?.retries ?? 0) + 1;
    const lease = `${String(Math.round(leaseMs / 1000))} s`;
    if (row.attempt < attempts) {
      const backoff = parts.spec.commands.get(row.command)?.retryBackoff ?? 1;
      const delayMs = Math.max(backoffMs(backoff, row.attempt), MIN_REQUEUE_MS);
      if (!(await parts.rows.requeue(row.id, row.attempt, delayMs, row.queue, leaseMs))) return;
      await salvageStream(parts, row.id);
      await parts.rows.append(row.id, {
        type: "warning",
        text: `attempt ${String(row.attempt)} of ${String(attempts)}: its worker stopped heartbeating for ${lease}; requeued`,
      });
      await sink.enqueue(
        { execution: row.id, queue: row.queue, priority: row.priority },
        { delayMs },
      );
    } else if (await parts.rows.markLost(row.id, row.attempt, leaseMs)) {
      await salvageStream(parts, row.id);
      const text = `attempt ${String(row.attempt)} of ${String(attempts)}: its worker stopped heartbeating for ${lease}; the execution is lost`;
      await parts.rows.append(row.id, {
        type: "error",
        text,
        error: { code: ExecutionLost.code, message: text },
      });
      await notifyEnd(parts, row.id);
    }
  };
  const reap = async () => {
    // A dead worker leaves all its executions at once: they are taken over together, a
    // few at a time, rather than one after another.
    const stale = await parts.rows.stale(leaseMs, BATCH);
    for (let i = 0; i < stale.length; i += AT_ONCE) {
      await Promise.all(stale.slice(i, i + AT_ONCE).map(reapRow));
    }
    for (const row of await parts.rows.strays(Date.now() - sweepAfterMs, BATCH)) {
      await sink.enqueue({ execution: row.id, queue: row.queue, priority: row.priority });
    }
  };
  const sweep = () =>
    (round ??= reap()
      .catch((error: unknown) => {
        process.emitWarning(`the reaper will try again: ${String(error)}`);
      })
      .finally(() => (round = undefined)));
  const timer = setInterval(() => void sweep(), reapEveryMs).unref();
  return {
    sweep,
    close: () => {
      clearInterval(timer);
    },
  };
}
