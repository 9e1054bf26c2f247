import { ListenFailed, UsageInvalid } from "../../../foundations/error-codes.js";
import {
  API_NAMES,
  parseApiNames,
  type ApiName,
  type Settings,
} from "../../../foundations/settings.js";
import type { Runtime } from "../../../runtime/runtime.js";
import type { CliIo } from "../cli-io.js";
import type { CliOutput } from "../cli-output.js";
import { redisFor, type RedisServices } from "./queue-transport-for.js";
import { schedulerReporting } from "./scheduler-command.js";
import { waitForStop } from "./wait-for-stop.js";

export interface ServeOptions {
  readonly host?: string;
  readonly port?: string;
  /** `--apis command,data`: which APIs this node serves (default: settings.apis). */
  readonly apis?: string;
}

export interface ServeContext {
  readonly settings: Settings;
  readonly io: CliIo;
  readonly output: CliOutput;
  readonly version: string;
  /**
   * With Redis when CAIRN_REDIS_URL is set: this node enqueues to BullMQ and follows
   * executions running elsewhere through their message streams.
   */
  readonly openRuntime: (redis?: RedisServices) => Promise<Runtime>;
  /** Called once listening, with the URL (tests learn a random port this way). */
  readonly onListening?: (url: string) => void;
}

/** How long a stopping `cairn serve` waits for the executions its worker runs. */
const WORKER_GRACE_MS = 10_000;

/**
 * `cairn serve`: opens the project and serves the HTTP app until SIGINT or SIGTERM,
 * then closes the server (finishing requests in flight) and the runtime. With
 * CAIRN_WORKERS > 0 (default 2) it also runs that many queued executions at once in a
 * local worker on every queue of the spec (taken from the database, or from BullMQ when
 * CAIRN_REDIS_URL is set), stopped with a grace period; with none it still reaps. It
 * also runs a scheduler replica (see `cairn scheduler`), which fires due schedules while
 * it holds the scheduler lease.
 */
export async function serve(options: ServeOptions, context: ServeContext): Promise<number> {
  const { settings, io, output } = context;
  const host = options.host ?? settings.host;
  const port = options.port === undefined ? settings.port : parsePort(options.port);
  const apis = options.apis === undefined ? settings.apis : parseApis(options.apis);
  const redis = await redisFor(settings, output.stderr);
  const runtime = await context.openRuntime(redis);
  let worker: ReturnType<Runtime["startWorker"]> | undefined;
  let reaper: ReturnType<Runtime["startReaper"]> | undefined;
  try {
    // Loaded here so other commands never pay for Fastify.
    const { createApp } = await import("../../http/index.js");
    const app = await createApp({
      runtime,
      cairnVersion: context.version,
      logLevel: settings.logLevel,
      logDestination: io.stdout,
      apis,
    });
    let url: string;
    try {
      url = await app.listen({ host, port });
    } catch (cause) {
      throw ListenFailed.create(`cannot listen on ${host}:${port}: ${(cause as Error).message}`, {
        hint: "Choose another port with --port (or CAIRN_PORT), or stop what uses it.",
        cause,
      });
    }
    if (settings.workers > 0) worker = runtime.startWorker({ concurrency: settings.workers });
    else reaper = runtime.startReaper();
    const scheduling = runtime.startScheduler(
      schedulerReporting("cairn serve: scheduler ", output.stderr, settings.logLevel),
    );
    const stopped = waitForStop(io);
    output.stderr.write(`cairn serve: ${runtime.spec.name} on ${url} (Ctrl-C to stop)\n`);
    context.onListening?.(url);
    const signal = await stopped;
    output.stderr.write(`cairn serve: ${signal}, stopping\n`);
    await scheduling.close();
    await app.close();
    await worker?.close(WORKER_GRACE_MS);
    return 0;
  } finally {
    reaper?.close();
    await runtime.close();
    await redis?.close();
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw UsageInvalid.create(`--port ${value} is not a port number`, {
      hint: "Give a whole number from 0 to 65535 (0 picks a free port).",
    });
  }
  return port;
}

function parseApis(value: string): readonly ApiName[] {
  const { apis, unknown } = parseApiNames(value);
  if (unknown.length > 0) {
    throw UsageInvalid.create(`--apis ${value} names no API '${unknown.join("', '")}'`, {
      hint: `List some of ${API_NAMES.join(", ")} separated by commas, e.g. --apis data.`,
    });
  }
  return apis;
}
