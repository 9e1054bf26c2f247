import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ListenFailed, SettingsInvalid, UsageInvalid } from "../../../foundations/error-codes.js";
import {
  API_NAMES,
  parseApiNames,
  type ApiName,
  type Settings,
  type TlsFiles,
} from "../../../foundations/settings.js";
import type { Runtime } from "../../../runtime/runtime.js";
import type { CliIo } from "../cli-io.js";
import type { CliOutput } from "../cli-output.js";
import { checkKeysOrClose } from "./check-keys-or-close.js";
import { redisFor, type RedisServices } from "./queue-transport-for.js";
import { schedulerReporting } from "./scheduler-command.js";
import { waitForStop } from "./wait-for-stop.js";

export interface ServeOptions {
  readonly host?: string;
  readonly port?: string;
  /** `--apis command,data`: which APIs this node serves (default: settings.apis). */
  readonly apis?: string;
  /** `--tls-cert FILE` and `--tls-key FILE` (both or neither): serve HTTPS. */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
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
  const tlsFiles = tlsFilesOf(options, settings, io.cwd);
  const https = tlsFiles === undefined ? undefined : await readTls(tlsFiles);
  const redis = await redisFor(settings, output.stderr);
  const runtime = await context.openRuntime(redis);
  await checkKeysOrClose(runtime);
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
      ...(https === undefined ? {} : { https }),
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

/** `--tls-cert` and `--tls-key` win over CAIRN_TLS_CERT and CAIRN_TLS_KEY; both or neither. */
function tlsFilesOf(options: ServeOptions, settings: Settings, cwd: string): TlsFiles | undefined {
  const { tlsCert, tlsKey } = options;
  if (tlsCert === undefined && tlsKey === undefined) return settings.tls;
  if (tlsCert === undefined || tlsKey === undefined) {
    throw UsageInvalid.create(
      `${tlsCert === undefined ? "--tls-key" : "--tls-cert"} needs ${tlsCert === undefined ? "--tls-cert" : "--tls-key"}`,
      { hint: "Give both: cairn serve --tls-cert cert.pem --tls-key key.pem." },
    );
  }
  return { certFile: resolve(cwd, tlsCert), keyFile: resolve(cwd, tlsKey) };
}

/** The PEM files, read once at start; a file that cannot be read stops the start. */
async function readTls(files: TlsFiles): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (cause) {
      throw SettingsInvalid.create(
        `cannot read the TLS ${what} ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
        {
          hint: "Check the path and that this user may read it (--tls-cert and --tls-key, or CAIRN_TLS_CERT and CAIRN_TLS_KEY).",
          cause,
        },
      );
    }
  };
  return { cert: await read(files.certFile, "certificate"), key: await read(files.keyFile, "key") };
}
