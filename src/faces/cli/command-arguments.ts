import { UsageInvalid } from "../../foundations/error-codes.js";
import { didYouMean } from "../../foundations/suggest.js";
import type { CommandDefinition } from "../../spec/command-definition.js";

/** The parameter that a bare word fills: `cairn station get 03005`. */
export const KEY_PARAMETER = "key";

/**
 * The parameter a bare word fills: `key` (`cairn station get 03005`), else `file`
 * (`cairn db backup weather.cairnbak`), when the command declares one.
 */
export function bareParameter(command: CommandDefinition): string | undefined {
  return [KEY_PARAMETER, "file"].find((name) => command.parameters.has(name));
}

/**
 * The boolean filter expression (`filter=or(a=1,b=2)`) that every filterable command
 * takes without declaring it; the runtime parses it like the filters.
 */
export const FILTER_OPTION = "filter";

/** `name=value`: a parameter or, for resource commands, a filter path such as `temp__gt`. */
const ASSIGNMENT = /^([A-Za-z_][\w.?-]*)=(.*)$/s;

/**
 * Turns the words after a command's path into its parameters, as strings (the runtime
 * converts and validates them; the CLI only knows the syntax):
 * `name=value` pairs, `--flag` (also `--field` for a boolean), `--name value` or
 * `--name=value`, and one bare word for the `key` (else `file`) parameter. Dashes and underscores in
 * names are the same.
 */
export function parseCommandArguments(
  words: readonly string[],
  command: CommandDefinition,
): Record<string, string | boolean> {
  const parameters: Record<string, string | boolean> = {};
  const set = (name: string, value: string | boolean): void => {
    const previous = parameters[name];
    if (previous === undefined) {
      parameters[name] = value;
    } else if (command.parameters.get(name)?.multiple === true) {
      parameters[name] = `${String(previous)},${String(value)}`;
    } else {
      throw usage(command, `parameter '${name}' is given twice`);
    }
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word.startsWith("--")) {
      const at = word.indexOf("=");
      const rawName = word.slice(2, at < 0 ? undefined : at);
      const name = optionName(command, rawName);
      const definition = name === undefined ? undefined : command.parameters.get(name);
      if (name === undefined) {
        throw usage(
          command,
          `unknown option '--${rawName}'${didYouMean(`--${rawName}`, optionNames(command))}`,
        );
      }
      if (at >= 0) set(name, word.slice(at + 1));
      else if (definition?.type === "flag" || definition?.type === "boolean") set(name, true);
      else {
        const value = words[i + 1];
        if (value === undefined) throw usage(command, `option '--${rawName}' needs a value`);
        set(name, value);
        i++;
      }
      continue;
    }
    if (/^-[A-Za-z]/.test(word)) {
      throw usage(command, `unknown option '${word}'`);
    }
    const assignment = ASSIGNMENT.exec(word);
    if (assignment !== null) {
      const rawName = assignment[1] ?? "";
      set(declaredName(command, rawName) ?? rawName, assignment[2] ?? "");
      continue;
    }
    const bare = bareParameter(command);
    if (bare !== undefined && parameters[bare] === undefined) {
      parameters[bare] = word;
      continue;
    }
    throw usage(
      command,
      `unexpected argument '${word}'`,
      "Give parameters as name=value and flags as --name.",
    );
  }
  return parameters;
}

/** The declared parameter a written name means (`dry-run` -> `dry_run`), if any. */
function declaredName(command: CommandDefinition, written: string): string | undefined {
  if (command.parameters.has(written)) return written;
  const underscored = written.replaceAll("-", "_");
  return command.parameters.has(underscored) ? underscored : undefined;
}

/** A declared parameter, or `--filter` of a filterable command. */
function optionName(command: CommandDefinition, written: string): string | undefined {
  const declared = declaredName(command, written);
  if (declared !== undefined) return declared;
  return command.acceptsFilters && written === FILTER_OPTION ? FILTER_OPTION : undefined;
}

function optionNames(command: CommandDefinition): string[] {
  const names = [...command.parameters.keys()];
  if (command.acceptsFilters) names.push(FILTER_OPTION);
  return names.map((name) => `--${name.replaceAll("_", "-")}`);
}

function usage(command: CommandDefinition, message: string, hint?: string) {
  const help = `Run 'cairn ${command.name} --help' to see its parameters.`;
  return UsageInvalid.create(message, { hint: hint === undefined ? help : `${hint} ${help}` });
}

/** Run options every spec command takes besides its parameters. */
export interface RunOptions {
  /** `--queue` or `--queue=NAME`: run on a worker (on that queue) and follow it. */
  readonly queue?: boolean;
  readonly queueName?: string;
  /** `--async`: queue it, print the execution id and exit at once. */
  readonly async?: boolean;
  /** `--local`: run here even a `background: true` command. */
  readonly local?: boolean;
  /** `--priority=N`: the queued run's priority (lower runs first). */
  readonly priority?: number;
  /** `--notify GROUPS`: groups told of this run's end, whatever it is. */
  readonly notify?: readonly string[];
  /** `--notify-fail GROUPS`: groups told only if this run fails. */
  readonly notifyFail?: readonly string[];
}

/** `--notify` and `--notify-fail` by the word written, with the option each sets. */
const NOTIFY_OPTIONS: Readonly<Record<string, "notify" | "notifyFail">> = {
  "--notify": "notify",
  "--notify-fail": "notifyFail",
};

/** A comma-separated list of group names (`ops,dba`), each at least one character. */
function groupsOf(command: CommandDefinition, option: string, text: string | undefined): string[] {
  const groups = (text ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (text === undefined || text.startsWith("--") || groups.length === 0) {
    throw usage(
      command,
      `option '${option}' needs group names, comma-separated`,
      `Write ${option} ops or ${option}=ops,dba.`,
    );
  }
  return groups;
}

/** `--notify GROUPS` (or `=GROUPS`) at `index`: the option and its groups, else undefined. */
function notifyOption(
  command: CommandDefinition,
  words: readonly string[],
  index: number,
): { key: "notify" | "notifyFail"; groups: string[]; next: number } | undefined {
  const word = words[index] ?? "";
  const at = word.indexOf("=");
  const name = at < 0 ? word : word.slice(0, at);
  const key = NOTIFY_OPTIONS[name];
  if (key === undefined) return undefined;
  if (at >= 0) return { key, groups: groupsOf(command, name, word.slice(at + 1)), next: index };
  return { key, groups: groupsOf(command, name, words[index + 1]), next: index + 1 };
}

/** `--priority=N` or `--priority N`: a whole number of at least 0. */
function priorityOf(command: CommandDefinition, text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw usage(
      command,
      `option '--priority' needs a whole number of at least 0, got ${JSON.stringify(text ?? "")}`,
      "Lower numbers run first, e.g. --priority=1.",
    );
  }
  return Number(text);
}

/**
 * Takes the run options (`--queue[=NAME]`, `--async`, `--local`, `--priority=N`,
 * `--notify GROUPS`, `--notify-fail GROUPS`) out of a command's words; no declared
 * parameter may have these names (the spec refuses them), and a resource command's field
 * of that name is given as `name=value`.
 */
export function takeRunOptions(
  words: readonly string[],
  command: CommandDefinition,
): { words: string[]; options: RunOptions } {
  const rest: string[] = [];
  let options: RunOptions = {};
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? "";
    const notify = notifyOption(command, words, index);
    if (notify !== undefined) {
      options = { ...options, [notify.key]: [...(options[notify.key] ?? []), ...notify.groups] };
      index = notify.next;
    } else if (word === "--queue") options = { ...options, queue: true };
    else if (word.startsWith("--queue=")) {
      const name = word.slice("--queue=".length);
      if (name === "") throw usage(command, "option '--queue=' needs a queue name");
      options = { ...options, queue: true, queueName: name };
    } else if (word === "--async") options = { ...options, async: true };
    else if (word === "--local") options = { ...options, local: true };
    else if (word.startsWith("--priority="))
      options = { ...options, priority: priorityOf(command, word.slice("--priority=".length)) };
    else if (word === "--priority") {
      index += 1;
      options = { ...options, priority: priorityOf(command, words[index]) };
    } else rest.push(word);
  }
  if (options.local === true && (options.queue === true || options.async === true)) {
    throw usage(command, "--local runs here: it cannot go with --queue or --async");
  }
  const queued = options.queue === true || options.async === true || command.background;
  if (options.priority !== undefined && (options.local === true || !queued)) {
    throw usage(
      command,
      "--priority orders queued runs: it goes with --queue or --async, or a background command",
    );
  }
  return { words: rest, options };
}
