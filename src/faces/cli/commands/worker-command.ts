import { SettingsInvalid, UsageInvalid } from "../../../foundations/error-codes.js";
import type { Settings } from "../../../foundations/settings.js";
import type { Runtime } from "../../../runtime/runtime.js";
import type { CliIo } from "../cli-io.js";
import type { CliOutput } from "../cli-output.js";
import { checkKeysOrClose } from "./check-keys-or-close.js";
import { redisFor, type RedisServices } from "./queue-transport-for.js";
import { waitForStop } from "./wait-for-stop.js";

export interface WorkerCommandOptions {
  /** `--queues a,b` (default: `default` and every queue the spec names). */
  readonly queues?: string;
  /** `--concurrency N` (default: CAIRN_WORKER_CONCURRENCY). */
  readonly concurrency?: string;
  /** `--grace SECONDS`: how long a stop waits for running executions (default 30). */
  readonly grace?: string;
}

export interface WorkerContext {
  readonly settings: Settings;
  readonly io: CliIo;
  readonly output: CliOutput;
  readonly openRuntime: (redis: RedisServices) => Promise<Runtime>;
}

const DEFAULT_GRACE_SECONDS = 30;

/**
 * `cairn worker`: runs queued executions from BullMQ on CAIRN_REDIS_URL until SIGINT or
 * SIGTERM, then stops taking jobs, waits up to the grace period for running ones (the
 * runtime hands back those that do not finish) and exits 0. Without CAIRN_REDIS_URL
 * there is nothing to take jobs from: `cairn serve` runs the embedded shape's queue.
 */
export async function worker(
  options: WorkerCommandOptions,
  context: WorkerContext,
): Promise<number> {
  const { settings, io, output } = context;
  const queues = options.queues === undefined ? undefined : parseQueues(options.queues);
  const concurrency =
    options.concurrency === undefined
      ? settings.workerConcurrency
      : positive("--concurrency", options.concurrency);
  const graceMs =
    1000 *
    (options.grace === undefined ? DEFAULT_GRACE_SECONDS : positive("--grace", options.grace));
  const redis = await redisFor(settings, output.stderr);
  if (redis === undefined) {
    throw SettingsInvalid.create("cairn worker needs Redis: CAIRN_REDIS_URL is not set", {
      hint: "Set CAIRN_REDIS_URL (e.g. redis://127.0.0.1:6379) on the API nodes and the workers; without Redis, `cairn serve` runs queued executions itself (CAIRN_WORKERS).",
    });
  }
  try {
    const runtime = await context.openRuntime(redis);
    await checkKeysOrClose(runtime);
    try {
      const stopped = waitForStop(io);
      const running = runtime.startWorker({
        transport: redis.transport,
        concurrency,
        warm: true,
        ...(queues === undefined ? {} : { queues }),
      });
      const shown = queues?.join(",") ?? "default and the spec's";
      output.stderr.write(
        `cairn worker: ${running.id} on queues ${shown} (concurrency ${String(concurrency)})\n`,
      );
      void running.warmed.then((isolates) => {
        if (isolates > 0)
          output.stderr.write(`cairn worker: ${String(isolates)} handler isolates ready\n`);
      });
      const signal = await stopped;
      output.stderr.write(
        `cairn worker: ${signal}, stopping (up to ${String(graceMs / 1000)} s for running executions)\n`,
      );
      await running.close(graceMs);
      return 0;
    } finally {
      await runtime.close();
    }
  } finally {
    await redis.close();
  }
}

function parseQueues(value: string): string[] {
  const queues = [...new Set(value.split(",").map((q) => q.trim()))].filter((q) => q !== "");
  const bad = queues.find((q) => !/^[A-Za-z0-9_.-]+$/.test(q));
  if (queues.length === 0 || bad !== undefined) {
    throw UsageInvalid.create(`--queues ${value} is not a list of queue names`, {
      hint: "Give queue names of letters, digits, '-', '_' or '.', separated by commas, e.g. --queues default,reports.",
    });
  }
  return queues;
}

function positive(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw UsageInvalid.create(`${option} ${value} is not a whole number of at least 1`, {
      hint: `Give ${option} a whole number such as 4.`,
    });
  }
  return number;
}
