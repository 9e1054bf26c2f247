import { CommanderError } from "commander";
import { exitCodeFor } from "../../foundations/cairn-error.js";
import { ProjectNotFound, UsageInvalid } from "../../foundations/error-codes.js";
import { loadSettings, type Settings } from "../../foundations/settings.js";
import type { Runtime } from "../../runtime/runtime.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { cairnVersion } from "../package-version.js";
import { buildProgram, type CommandActions } from "./build-program.js";
import type { CliIo } from "./cli-io.js";
import { createOutput, type CliOutput } from "./cli-output.js";
import { defaultServices, type CliServices } from "./cli-services.js";
import { initProject } from "./commands/init-command.js";
import { serve } from "./commands/serve-command.js";
import { scheduler } from "./commands/scheduler-command.js";
import { worker } from "./commands/worker-command.js";
import type { RedisServices } from "./commands/queue-transport-for.js";
import {
  firstCommandWord,
  secondCommandWord,
  scanGlobalOptions,
  withoutHostOption,
  type GlobalOptions,
} from "./global-options.js";
import { errorPayloadOf, reportError } from "./render/error-report.js";
import type { OpenedRemote } from "./remote/index.js";
import { runCommand } from "./run-command.js";

export type { CliIo } from "./cli-io.js";
export type { CliServices } from "./cli-services.js";

interface OpenedProject {
  readonly settings: Settings;
  readonly spec?: ProjectSpec;
}

/** Words that work on this machine, which `--host` cannot send elsewhere. */
const LOCAL_WORDS = ["init", "serve", "worker", "scheduler", "host", "keys"];

/** Words that read the settings but never the spec. */
const SPECLESS_WORDS = ["serve", "worker", "scheduler"];

/** `cairn keys` words that need the project's spec and database. */
const SPEC_KEY_WORDS = ["rotate", "retire"];

/**
 * Runs the CLI in this process and resolves with the exit code: 0 success, 1 the
 * command failed, 2 usage or input errors, 130 interrupted. Never calls process.exit,
 * so tests drive it directly.
 */
export async function runCli(
  rawArgv: readonly string[],
  io: CliIo,
  services: CliServices = defaultServices,
): Promise<number> {
  let output = createOutput(io, { format: "table", color: true });
  const withHelp = helpAsOption(rawArgv);
  try {
    const globals = scanGlobalOptions(withHelp, io.env);
    output = createOutput(io, globals);
    const first = firstCommandWord(withHelp);
    // `keys rotate|retire` read and rewrite stored values: they are the core spec's.
    const specless =
      SPECLESS_WORDS.includes(first ?? "") ||
      (first === "keys" && !SPEC_KEY_WORDS.includes(secondCommandWord(withHelp) ?? ""));
    const argv = withoutHostOption(withHelp);
    const remote =
      globals.host === undefined ? undefined : await openRemote(globals.host, first, io);
    const project =
      remote === undefined ? await openProject(first, specless, globals, io, services) : undefined;
    let exitCode = 0;
    const program = buildProgram({
      io,
      colors: output.colors,
      version: cairnVersion(),
      spec: remote?.spec ?? project?.spec,
      actions: actions(project, remote, io, output, services),
      onExit: (code) => {
        exitCode = code;
      },
    });
    if (first === undefined && !argv.some((a) => ["--help", "-h", "--version"].includes(a))) {
      io.stdout.write(program.helpInformation());
      if (project === undefined && remote === undefined) {
        io.stdout.write(`\nNo cairn.yml here: run 'cairn init' or pass --project DIR.\n`);
      }
      return 0;
    }
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return fail(output, error);
  }
}

/**
 * `cairn help weather fetch` as `cairn weather fetch --help`: Commander's own help
 * command looks one word deep, the command tree is deeper.
 */
function helpAsOption(argv: readonly string[]): readonly string[] {
  if (firstCommandWord(argv) !== "help") return argv;
  const at = argv.indexOf("help");
  return [...argv.slice(0, at), ...argv.slice(at + 1), "--help"];
}

/**
 * Settings and spec for the words that need them. `init` and `host` need no project;
 * `serve`, `worker`, `scheduler` and `keys` need settings only (their runtime loads the spec);
 * help outside a project lists the project-less commands.
 */
async function openProject(
  first: string | undefined,
  specless: boolean,
  globals: GlobalOptions,
  io: CliIo,
  services: CliServices,
): Promise<OpenedProject | undefined> {
  if (first === "init" || first === "host") {
    return undefined;
  }
  let settings: Settings;
  try {
    settings = loadSettings({ env: io.env, cwd: io.cwd, project: globals.project });
  } catch (error) {
    if (ProjectNotFound.is(error) && (first === undefined || first === "help")) return undefined;
    throw error;
  }
  if (specless) return { settings };
  return { settings, spec: await services.loadSpec(settings.projectDir) };
}

/** `--host NAME|URL`: the server's commands take the place of a local project's. */
async function openRemote(
  host: string,
  first: string | undefined,
  io: CliIo,
): Promise<OpenedRemote> {
  if (first !== undefined && LOCAL_WORDS.includes(first)) {
    throw UsageInvalid.create(`cairn ${first} works on this machine: --host cannot send it`, {
      hint: `Leave out --host${first === "serve" ? "; cairn serve --host ADDRESS sets where it listens" : ""}.`,
    });
  }
  // Loaded on demand, as the runtime is.
  const remote = await import("./remote/index.js");
  return remote.openRemote(host, io);
}

function actions(
  project: OpenedProject | undefined,
  remote: OpenedRemote | undefined,
  io: CliIo,
  output: CliOutput,
  services: CliServices,
): CommandActions {
  const needSettings = (): Settings => {
    if (project === undefined) throw new Error("a project command ran without settings");
    return project.settings;
  };
  return {
    init: (dir) =>
      initProject(dir, { io, output, openRuntime: (settings) => services.openRuntime(settings) }),
    serve: (options) => {
      const opened = needSettings();
      return serve(options, {
        settings: opened,
        io,
        output,
        version: cairnVersion(),
        openRuntime: (redis) =>
          redis === undefined ? services.openRuntime(opened) : openRuntimeWith(opened, redis),
      });
    },
    worker: (options) => {
      const opened = needSettings();
      return worker(options, {
        settings: opened,
        io,
        output,
        openRuntime: (redis) => openRuntimeWith(opened, redis),
      });
    },
    scheduler: () => {
      const opened = needSettings();
      return scheduler({
        settings: opened,
        io,
        output,
        openRuntime: (redis) =>
          redis === undefined ? services.openRuntime(opened) : openRuntimeWith(opened, redis),
      });
    },
    host: async (action, name, words) => {
      const { hostCommand } = await import("./remote/index.js");
      return hostCommand(action, name, words, io, output);
    },
    keys: async (action, id, options) => {
      const { keysCommand } = await import("./commands/keys-command.js");
      return keysCommand(action, id, options, needSettings(), output);
    },
    run: (command, words) => {
      if (remote !== undefined) {
        return runCommand({
          command,
          words,
          io,
          output,
          openRuntime: () => Promise.resolve(remote.runtime),
        });
      }
      const opened = needSettings();
      return runCommand({
        command,
        words,
        io,
        output,
        localDir: io.cwd,
        // The command tree came from this spec: the runtime uses it rather than reading it again.
        openRuntime: () => services.openRuntime(opened, project?.spec),
      });
    },
  };
}

/** The runtime of the distributed shape: BullMQ for its queues, Redis Streams for live messages. */
async function openRuntimeWith(settings: Settings, redis: RedisServices): Promise<Runtime> {
  const { openRuntime } = await import("../../runtime/index.js");
  return openRuntime(settings, { transport: redis.transport, streams: redis.streams });
}

/** Reports an error that ended the CLI and picks the exit code. */
function fail(output: CliOutput, error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return 0;
    // Commander already printed help to stderr for a command line it found incomplete.
    if (error.code === "commander.help") return 2;
    reportError(output, errorPayloadOf(usageFromCommander(error)));
    return 2;
  }
  reportError(output, errorPayloadOf(error));
  return exitCodeFor(error);
}

/** Commander's "error: unknown command 'x'\n(Did you mean y?)" as a CAIRN_USAGE error. */
function usageFromCommander(error: CommanderError) {
  const [first = "", ...rest] = error.message.replace(/^error: /, "").split("\n");
  const suggestion = /\(Did you mean (?:one of )?(.+)\?\)/.exec(rest.join(" "))?.[1];
  const names = suggestion?.split(", ").map((n) => `'${n}'`);
  return UsageInvalid.create(
    names === undefined ? first : `${first}; did you mean ${names.join(" or ")}?`,
    { hint: "Run 'cairn --help' for the commands, or 'cairn COMMAND --help' for one command." },
  );
}

/** The launcher's entry: runs with the real process and exits with the code. */
export async function main(proc: NodeJS.Process = process): Promise<void> {
  // `cairn station list | head` closes the pipe early: stop quietly, not with a stack.
  proc.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") proc.exit(proc.exitCode ?? 0);
    throw error;
  });
  const code = await runCli(proc.argv.slice(2), {
    stdout: proc.stdout,
    stderr: proc.stderr,
    env: proc.env,
    cwd: proc.cwd(),
    isTTY: proc.stdout.isTTY,
    signals: proc,
  });
  proc.exitCode = code;
  // Exit once output is flushed, even if a library left a handle open.
  proc.stdout.write("", () => proc.stderr.write("", () => proc.exit(code)));
}
