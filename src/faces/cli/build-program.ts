import { Command, Help, Option } from "commander";
import { UsageInvalid } from "../../foundations/error-codes.js";
import { didYouMean } from "../../foundations/suggest.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import type { CliIo } from "./cli-io.js";
import type { Colors } from "./cli-output.js";
import { commandHelp } from "./command-help.js";
import { childWords, HELP_GROUP_HEADINGS, topLevelWords } from "./command-groups.js";
import { HOST_OPTION, OUTPUT_FORMATS } from "./global-options.js";

/** What the CLI does once Commander has found the command; each returns the exit code. */
export interface CommandActions {
  init(dir: string | undefined): Promise<number>;
  serve(options: {
    readonly host?: string;
    readonly port?: string;
    readonly apis?: string;
    readonly tlsCert?: string;
    readonly tlsKey?: string;
  }): Promise<number>;
  worker(options: {
    readonly queues?: string;
    readonly concurrency?: string;
    readonly grace?: string;
  }): Promise<number>;
  scheduler(): Promise<number>;
  /** `cairn host save|list|remove`: the saved hosts of `--host`. */
  host(action: HostAction, name: string | undefined, words: readonly string[]): Promise<number>;
  /** `cairn keys create|list|activate`: the project's keyring. */
  keys(
    action: KeysAction,
    id: string | undefined,
    options: { readonly activate?: boolean },
  ): Promise<number>;
  run(command: CommandDefinition, words: readonly string[]): Promise<number>;
}

export type HostAction = "save" | "list" | "remove";
export type KeysAction = "create" | "list" | "activate";

/**
 * Shown with the global options but parsed by runCli alone: Commander would take
 * `--host` anywhere, including `cairn serve --host ADDRESS`.
 */
const HOST_HELP = new Option(
  `${HOST_OPTION} <name|url>`,
  "run the command on a server: a saved host (cairn host list) or a URL",
);

export interface ProgramOptions {
  readonly io: CliIo;
  readonly colors: Colors;
  readonly version: string;
  /** Undefined outside a project: only the project-less commands exist then. */
  readonly spec: ProjectSpec | undefined;
  readonly actions: CommandActions;
  /** Receives the exit code of the action that ran. */
  readonly onExit: (code: number) => void;
}

/**
 * The Commander tree: global options, the CLI's own commands, and one subcommand per
 * spec command path, built at run time from the loaded spec. Commander routes and
 * prints help; the words after a spec command are parsed by parseCommandArguments.
 */
export function buildProgram(options: ProgramOptions): Command {
  const { io, actions, onExit } = options;
  const program = new Command("cairn")
    .description("Turn YAML specs into data services.")
    .version(options.version, "--version", "print the Cairn version")
    .option("--project <dir>", "the project directory (default: nearest cairn.yml; CAIRN_PROJECT)")
    .addOption(
      new Option("--format <format>", "output format; json and csv are for machines")
        .choices(OUTPUT_FORMATS)
        .default("table"),
    )
    .option("--no-color", "plain output without colours")
    .configureHelp({
      visibleOptions(command: Command): Option[] {
        const options = Help.prototype.visibleOptions.call(this, command);
        if (command.parent !== null) return options;
        const help = options.findIndex((option) => option.long === "--help");
        return help < 0 ? [...options, HOST_HELP] : options.toSpliced(help, 0, HOST_HELP);
      },
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are reported by runCli, in the chosen format.
      outputError: () => undefined,
    });

  program.commandsGroup(HELP_GROUP_HEADINGS.project);
  program
    .command("init")
    .description(
      "create a project (cairn.yml, a starter model and a hello command), its database and its admin",
    )
    .argument("[dir]", "the project directory (default: the current one)")
    .action(async (dir: string | undefined) => {
      onExit(await actions.init(dir));
    });
  if (options.spec !== undefined) addSpecCommands(program, options.spec, options);

  program.commandsGroup(HELP_GROUP_HEADINGS.platform);
  program
    .command("serve")
    .description("serve the HTTP APIs: /status, /data, /openapi.json and /docs")
    .option("--host <host>", "address to listen on (default: CAIRN_HOST or 127.0.0.1)")
    .option("--port <port>", "port to listen on (default: CAIRN_PORT or 8000)")
    .option("--apis <list>", "APIs to serve, of command,data (default: CAIRN_APIS or both)")
    .option("--tls-cert <file>", "serve HTTPS with this certificate chain, PEM (CAIRN_TLS_CERT)")
    .option("--tls-key <file>", "the certificate's private key, PEM (CAIRN_TLS_KEY)")
    .action(
      async (serveOptions: {
        host?: string;
        port?: string;
        apis?: string;
        tlsCert?: string;
        tlsKey?: string;
      }) => {
        onExit(await actions.serve(serveOptions));
      },
    );
  addHostCommands(program, options);
  addKeysCommands(program, options);
  program.helpCommand("help [command]", "show help for a command");
  program
    .command("worker")
    .description("run queued executions from Redis (CAIRN_REDIS_URL) until stopped")
    .option("--queues <list>", "queues to take, comma-separated (default: all the spec names)")
    .option("--concurrency <n>", "executions run at once (default: CAIRN_WORKER_CONCURRENCY or 4)")
    .option("--grace <seconds>", "how long a stop waits for running executions (default 30)")
    .action(async (workerOptions: { queues?: string; concurrency?: string; grace?: string }) => {
      onExit(await actions.worker(workerOptions));
    });
  program
    .command("scheduler")
    .description("run a scheduler replica until stopped: one of them fires due schedules")
    .action(async () => {
      onExit(await actions.scheduler());
    });
  return program;
}

/** `cairn host save|list|remove`: hosts for `--host`, kept in the user's config. */
function addHostCommands(program: Command, options: ProgramOptions): void {
  const { actions, onExit } = options;
  const host = program
    .command("host")
    .description("save, list and remove the servers that --host names")
    .helpCommand(false)
    .usage("<command> [options]")
    .action((_opts: unknown, command: Command) => {
      options.io.stdout.write(command.helpInformation());
    });
  host
    .command("save")
    .description("save a host: cairn host save NAME url=URL token=TOKEN")
    .argument("<name>", "the name --host will take")
    .argument("[settings...]", "url=URL (http or https) and token=TOKEN")
    .action(async (name: string, words: string[]) => {
      onExit(await actions.host("save", name, words));
    });
  host
    .command("list")
    .description("list the saved hosts (their tokens are not shown)")
    .action(async () => {
      onExit(await actions.host("list", undefined, []));
    });
  host
    .command("remove")
    .description("remove a saved host")
    .argument("<name>", "the host's name")
    .action(async (name: string) => {
      onExit(await actions.host("remove", name, []));
    });
}

/**
 * `cairn keys create|list|activate`: the key file, with no database needed. They join
 * the core spec's `keys rotate|retire` (which read and rewrite stored values) under one
 * word; outside a project only these three exist.
 */
function addKeysCommands(program: Command, options: ProgramOptions): void {
  const { actions, onExit } = options;
  const description = "create, list, activate, rotate and retire the encryption keys";
  const keys =
    program.commands.find((c) => c.name() === "keys")?.description(description) ??
    program
      .command("keys")
      .description(description)
      .helpCommand(false)
      .usage("<command> [options]")
      .action((_opts: unknown, command: Command) => {
        options.io.stdout.write(command.helpInformation());
      });
  keys
    .command("create")
    .description("add a random key to the key file; the first key becomes active")
    .option("--activate", "make the new key the active one")
    .action(async (keyOptions: { activate?: boolean }) => {
      onExit(await actions.keys("create", undefined, keyOptions));
    });
  keys
    .command("list")
    .description("list the keys: id, created, active (never the key itself)")
    .action(async () => {
      onExit(await actions.keys("list", undefined, {}));
    });
  keys
    .command("activate")
    .description("make a key the one new data is encrypted with")
    .argument("<id>", "the key's id (cairn keys list)")
    .action(async (id: string) => {
      onExit(await actions.keys("activate", id, {}));
    });
}

function addSpecCommands(program: Command, spec: ProjectSpec, options: ProgramOptions): void {
  const words = topLevelWords(spec);
  for (const group of ["project", "data models", "module commands", "platform"] as const) {
    for (const top of words.filter((w) => w.group === group)) {
      const only = top.commands[0];
      const command =
        top.commands.length === 1 && only?.path.length === 1
          ? leaf(program, only, options)
          : branch(program, top.word, top.commands, 1, options);
      command.description(top.description).helpGroup(HELP_GROUP_HEADINGS[group]);
    }
  }
}

/** A word with commands below it: `station` (list, get, ...), `db` (plan, migrate). */
function branch(
  parent: Command,
  word: string,
  commands: readonly CommandDefinition[],
  depth: number,
  options: ProgramOptions,
): Command {
  const group = parent
    .command(word)
    .helpCommand(false)
    .usage("<command> [parameters] [options]")
    .argument("[command]")
    .allowUnknownOption()
    .action((unknown: string | undefined, _opts: unknown, command: Command) => {
      // A group alone shows what it holds; an unknown word below it is a usage error.
      if (unknown === undefined) {
        options.io.stdout.write(command.helpInformation());
        return;
      }
      const known = command.commands.map((c) => c.name());
      throw UsageInvalid.create(
        `unknown command '${commandPath(command)} ${unknown}'${didYouMean(unknown, known)}`,
        { hint: `Run 'cairn ${commandPath(command)} --help' to list its commands.` },
      );
    });
  for (const [child, below] of childWords(commands, depth)) {
    const only = below[0];
    if (below.length === 1 && only?.path.length === depth + 1) {
      leaf(group, only, options).description(only.help ?? "");
    } else {
      branch(group, child, below, depth + 1, options).description(
        below.map((c) => c.path.slice(depth + 1).join(" ")).join(", "),
      );
    }
  }
  return group;
}

/** The words of a Commander command below the program: `station`, `db`. */
function commandPath(command: Command): string {
  const words: string[] = [];
  for (let c = command; c.parent !== null; c = c.parent) words.unshift(c.name());
  return words.join(" ");
}

/** A runnable spec command; its words are left to parseCommandArguments. */
function leaf(parent: Command, definition: CommandDefinition, options: ProgramOptions): Command {
  const word = definition.path[definition.path.length - 1] ?? definition.name;
  return parent
    .command(word)
    .argument("[parameters...]")
    .allowUnknownOption()
    .allowExcessArguments()
    .configureHelp({ formatHelp: () => commandHelp(definition, options.colors) })
    .action(async (_words: string[], _opts: unknown, command: Command) => {
      options.onExit(await options.actions.run(definition, command.args));
    });
}
