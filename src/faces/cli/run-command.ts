import { resolve } from "node:path";
import type { Message } from "../../foundations/message.js";
import type { RunningExecution } from "../../runtime/run-request.js";
import type { Runtime } from "../../runtime/runtime.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import type { CliIo } from "./cli-io.js";
import type { CliOutput } from "./cli-output.js";
import { parseCommandArguments, takeRunOptions } from "./command-arguments.js";
import { exitCodeForPayload } from "./exit-codes.js";
import { INTERRUPTED_EXIT_CODE, watchInterrupts } from "./interrupts.js";
import { showCreatedSchedule } from "./render/created-schedule.js";
import { createRenderer } from "./render/create-renderer.js";
import type { Renderer } from "./render/renderer.js";
import { takeScheduleOptions, type ScheduleOptions } from "./schedule-options.js";
import { UsageInvalid } from "../../foundations/error-codes.js";

type StatusMessage = Extract<Message, { type: "status" }>;

function localFiles(
  parameters: Record<string, string | boolean>,
  options: RunCommandOptions,
): Record<string, string | boolean> {
  const file = parameters.file;
  if (options.localDir === undefined || options.command.builtin === undefined) return parameters;
  if (typeof file !== "string" || file === "") return parameters;
  return { ...parameters, file: resolve(options.localDir, file) };
}

/** What runs a command for the CLI: the local runtime, or a server's (`--host`). */
export type CommandRunner = Pick<Runtime, "start" | "createSchedule" | "close">;

export interface RunCommandOptions {
  readonly command: CommandDefinition;
  readonly words: readonly string[];
  readonly io: CliIo;
  readonly output: CliOutput;
  readonly openRuntime: () => Promise<CommandRunner>;
  /**
   * Runs in this process from this directory: a built-in's `file` (`db backup FILE`)
   * is taken from it, as a shell user expects. Unset for `--host`, whose files are the
   * server's.
   */
  readonly localDir?: string;
}

/**
 * Runs one spec command in this process, as `admin`, and renders its messages as they
 * come; with `--queue` (or for a `background: true` command) a worker runs it and its
 * messages are followed here the same way; `--async` prints the execution id at once;
 * `--schedule EXPR` creates a schedule of it instead of running it. Syntax errors are
 * found before the runtime opens; parameter errors come back from the runtime before
 * anything runs.
 */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const { command, output } = options;
  const scheduled = takeScheduleOptions(options.words, command);
  const { words, options: run } = takeRunOptions(scheduled.words, command);
  if (scheduled.schedule !== undefined && Object.keys(run).length > 0) {
    throw UsageInvalid.create(
      "--schedule creates a schedule: it cannot go with --queue, --async, --local, --priority, --notify or --notify-fail",
      {
        hint: "A scheduled run is queued as its command says (`background:`); leave the others out. `cairn notification save` subscribes groups to every run of a command.",
      },
    );
  }
  const parameters = localFiles(parseCommandArguments(words, command), options);
  if (scheduled.schedule !== undefined) {
    return schedule(options, parameters, scheduled.schedule);
  }
  const runtime = await options.openRuntime();
  const watch = watchInterrupts(options.io.signals, () => {
    output.stderr.write("aborting... (Ctrl-C again to quit at once)\n");
  });
  let forced = false;
  try {
    const running = await runtime.start({
      command: command.name,
      parameters,
      origin: "cli",
      signal: watch.signal,
      ...run,
    });
    if (run.async === true) {
      // Queued: it runs on a worker; the id is all the caller wants now.
      void running.messages[Symbol.asyncIterator]().return?.();
      output.stdout.write(`${running.id}\n`);
      return 0;
    }
    const renderer = createRenderer(output, command);
    const outcome = await Promise.race([follow(running, renderer), watch.forced]);
    if (outcome === INTERRUPTED_EXIT_CODE) {
      forced = true;
      return INTERRUPTED_EXIT_CODE;
    }
    return exitCodeOf(outcome, watch.interrupted());
  } finally {
    watch.dispose();
    // After a forced quit nothing more is awaited: the launcher exits right away.
    if (forced) runtime.close().catch(() => undefined);
    else await runtime.close();
  }
}

/** `--schedule`: creates the schedule and prints it with its next fire times. */
async function schedule(
  options: RunCommandOptions,
  parameters: Readonly<Record<string, unknown>>,
  shape: ScheduleOptions,
): Promise<number> {
  const runtime = await options.openRuntime();
  try {
    const created = await runtime.createSchedule({
      command: options.command.name,
      parameters,
      parametersAsText: true,
      origin: "cli",
      ...shape,
    });
    showCreatedSchedule(options.output, created);
    return 0;
  } finally {
    await runtime.close();
  }
}

function exitCodeOf(
  outcome: Pick<StatusMessage, "status" | "error">,
  interrupted: boolean,
): number {
  switch (outcome.status) {
    case "success":
      return 0;
    case "failed":
      return exitCodeForPayload(outcome.error);
    case "aborted":
      return interrupted ? INTERRUPTED_EXIT_CODE : 1;
  }
}

/** Shows every message; the final status comes from the stream, else from `finished`. */
async function follow(
  running: RunningExecution,
  renderer: Renderer,
): Promise<Pick<StatusMessage, "status" | "error">> {
  let final: StatusMessage | undefined;
  try {
    for await (const message of running.messages) {
      renderer.show(message);
      if (message.type === "status") final = message;
    }
  } finally {
    renderer.close();
  }
  const status = await running.finished;
  return final ?? { status };
}
