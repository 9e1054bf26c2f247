import { EventEmitter } from "node:events";
import type { Message, MessageBody } from "../../../src/foundations/message.js";
import type { Settings } from "../../../src/foundations/settings.js";
import type { RunRequest, RunningExecution } from "../../../src/runtime/run-request.js";
import type { Runtime } from "../../../src/runtime/runtime.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import { runCli, type CliServices } from "../../../src/faces/cli/main.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a fake runtime does with a request: the messages to emit, or an error to reject with. */
export type Script = (request: RunRequest) => Iterable<MessageBody> | AsyncIterable<MessageBody>;

export interface FakeRuntimeLog {
  readonly requests: RunRequest[];
  opened: number;
  closed: number;
}

/** Services with the real spec loader and a scripted runtime, so tests run in milliseconds. */
export function fakeServices(script: Script): { services: CliServices; log: FakeRuntimeLog } {
  const log: FakeRuntimeLog = { requests: [], opened: 0, closed: 0 };
  const services: CliServices = {
    loadSpec: loadProjectSpec,
    async openRuntime(settings: Settings): Promise<Runtime> {
      log.opened++;
      const spec = await loadProjectSpec(settings.projectDir);
      return {
        settings,
        spec,
        start: (request) => {
          log.requests.push(request);
          return Promise.resolve(execute(request.command, script(request)));
        },
        access: {
          authenticate: () => Promise.reject(new Error("not scripted")),
          principalOf: () => Promise.reject(new Error("not scripted")),
        },
        follow: () => Promise.reject(new Error("not scripted")),
        abort: () => Promise.reject(new Error("not scripted")),
        rerun: () => Promise.reject(new Error("not scripted")),
        startWorker: () => ({
          id: "fake",
          warmed: Promise.resolve(0),
          close: () => Promise.resolve(),
        }),
        startReaper: () => ({ sweep: () => Promise.resolve(), close: () => undefined }),
        createSchedule: () => Promise.reject(new Error("not scripted")),
        syncSpecSchedules: () => Promise.reject(new Error("not scripted")),
        checkKeys: () => Promise.resolve(),
        startScheduler: () => ({
          state: { replica: "fake", active: false, term: undefined, fired: 0 },
          tick: () => Promise.reject(new Error("not scripted")),
          close: () => Promise.resolve(),
        }),
        close: () => {
          log.closed++;
          return Promise.resolve();
        },
      };
    },
  };
  return { services, log };
}

function execute(
  command: string,
  bodies: Iterable<MessageBody> | AsyncIterable<MessageBody>,
): RunningExecution {
  let resolveFinished: (status: "success" | "failed" | "aborted") => void = () => undefined;
  const finished = new Promise<"success" | "failed" | "aborted">((resolve) => {
    resolveFinished = resolve;
  });
  async function* messages(): AsyncGenerator<Message> {
    let seq = 0;
    for await (const body of each(bodies)) {
      seq++;
      yield { ...body, execution: "7", seq, time: "2026-01-01T00:00:00.000Z" };
      if (body.type === "status") resolveFinished(body.status);
    }
  }
  return { id: "7", command, messages: messages(), finished };
}

async function* each(
  bodies: Iterable<MessageBody> | AsyncIterable<MessageBody>,
): AsyncGenerator<MessageBody> {
  if (Symbol.asyncIterator in bodies) yield* bodies;
  else yield* bodies;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly services?: CliServices;
  readonly isTTY?: boolean;
  readonly signals?: EventEmitter;
  /** Sees stderr as it is written (to learn a server's URL while it runs). */
  readonly onStderr?: (chunk: string) => void;
}

/** Runs the CLI in-process with captured output. */
export async function cli(argv: readonly string[], options: RunOptions): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    argv,
    {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: {
        write: (chunk: string) => {
          stderr += chunk;
          options.onStderr?.(chunk);
        },
      },
      env: { NO_COLOR: "1", ...options.env },
      cwd: options.cwd,
      isTTY: options.isTTY ?? false,
      signals: options.signals,
    },
    options.services,
  );
  return { code, stdout, stderr };
}

/** A status message body. */
export function status(
  value: "success" | "failed" | "aborted",
  extra: Partial<Extract<MessageBody, { type: "status" }>> = {},
): MessageBody {
  return { type: "status", status: value, ...extra };
}
