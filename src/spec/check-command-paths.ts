import { SpecDuplicate, SpecInvalid } from "../foundations/error-codes.js";
import type { CommandDefinition } from "./command-definition.js";
import { formatLocation } from "./source-location.js";
import type { SpecProblems } from "./spec-problems.js";

/** First words the CLI keeps for itself: a command under one could never be run. */
export const CLI_WORDS = ["init", "serve", "worker", "scheduler", "help", "host"] as const;

function checkCliWords(commands: readonly CommandDefinition[], problems: SpecProblems): void {
  const reported = new Set<string>();
  for (const command of commands) {
    const first = command.path[0] ?? "";
    if (!(CLI_WORDS as readonly string[]).includes(first) || reported.has(first)) continue;
    reported.add(first);
    const what =
      command.builtin?.model === undefined ? `command '${command.name}'` : `model '${first}'`;
    problems.add(
      SpecInvalid,
      `${what} starts with '${first}', a word the CLI keeps for itself`,
      command.source,
      "",
      `Rename it; ${CLI_WORDS.map((w) => `'${w}'`).join(", ")} cannot start a command.`,
    );
  }
}

/**
 * Declared commands may not take a resource command's name (`station list`), and no
 * command's path may be the group of another (`station` next to `station list`), since
 * the CLI and the command API could not tell them apart.
 */
export function checkCommandPaths(
  declared: readonly CommandDefinition[],
  resources: readonly CommandDefinition[],
  problems: SpecProblems,
): void {
  checkCliWords([...resources, ...declared], problems);
  const resourceNames = new Map(resources.map((c) => [c.name, c]));
  for (const command of declared) {
    const resource = resourceNames.get(command.name);
    if (resource !== undefined) {
      problems.add(
        SpecDuplicate,
        `command '${command.name}' clashes with a resource command of model '${resource.builtin?.model ?? ""}'`,
        command.source,
        "",
        "Every model owns '<model> list|get|save|remove|clear'; give the command another name.",
      );
    }
  }
  const all = [...resources, ...declared.filter((c) => !resourceNames.has(c.name))];
  const groups = new Map<string, CommandDefinition>();
  for (const command of all) {
    for (let length = 1; length < command.path.length; length++) {
      const group = command.path.slice(0, length).join(" ");
      if (!groups.has(group)) groups.set(group, command);
    }
  }
  for (const command of declared) {
    const member = groups.get(command.name);
    if (member === undefined) continue;
    problems.add(
      SpecDuplicate,
      `command '${command.name}' is also the group of '${member.name}'`,
      command.source,
      member.source.line > 0 ? ` (declared in ${formatLocation(member.source)})` : "",
      "A command path cannot both run a command and hold sub-commands.",
    );
  }
}
