import { SpecUnknownKey } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import type { ModuleContext } from "./module-context.js";
import { describeNode, type SpecMap } from "./spec-node.js";
import type { SpecProblems } from "./spec-problems.js";

/** Every option a command may have; `builtin` and `record` only in the core module. */
export const COMMAND_KEYS = [
  "handler",
  "builtin",
  "record",
  "help",
  "parameters",
  "roles",
  "background",
  "retries",
  "retry_backoff",
  "priority",
  "timeout",
  "interruptible",
  "lock",
  "queue",
  "base",
  "mixins",
] as const;

/** Keys that make a map a command rather than a group of commands. */
const COMMAND_MARKERS = ["handler", "builtin", "base", "mixins"];

/** Words of command paths: they become CLI verbs and URL segments. */
export const COMMAND_WORD = /^[a-z][a-z0-9_-]*$/;

/** A command as written: its path in the `commands:` tree and its options. */
export interface RawCommand {
  readonly path: readonly string[];
  readonly name: string;
  readonly node: SpecMap;
  readonly module: ModuleContext;
}

/**
 * Flattens the nested `commands:` map. A map with `handler`, `builtin`, `base` or
 * `mixins` is a command; any other map is a group whose keys are the next words.
 */
export function collectCommands(
  tree: SpecMap,
  module: ModuleContext,
  problems: SpecProblems,
): RawCommand[] {
  const found: RawCommand[] = [];
  walk(tree, [], module, problems, found);
  return found;
}

function walk(
  group: SpecMap,
  prefix: readonly string[],
  module: ModuleContext,
  problems: SpecProblems,
  found: RawCommand[],
): void {
  for (const [word, node] of group.entries) {
    const path = [...prefix, word];
    const name = path.join(" ");
    if (!COMMAND_WORD.test(word)) {
      problems.invalid(
        `command word '${word}' must be lower-case letters, digits, '-' and '_'`,
        node.location,
      );
      continue;
    }
    if (node.kind !== "map") {
      problems.invalid(
        `command '${name}' must be a map of options or of sub-commands, not ${describeNode(node)}`,
        node.location,
        "Give the command a 'handler: file.ts#export'.",
      );
      continue;
    }
    if ([...node.entries.keys()].some((key) => COMMAND_MARKERS.includes(key))) {
      found.push({ path, name, node, module });
      continue;
    }
    const looksLikeCommand =
      node.entries.size === 0 ||
      [...node.entries].some(
        ([key, child]) => child.kind !== "map" || (COMMAND_KEYS as readonly string[]).includes(key),
      );
    if (!looksLikeCommand) {
      walk(node, path, module, problems, found);
      continue;
    }
    problems.invalid(
      `command '${name}' has no 'handler'`,
      node.location,
      "Give the command a 'handler: file.ts#export' (or 'base'/'mixins'); a map without one is a group of sub-commands.",
    );
    for (const [key, child] of node.entries) {
      if ((COMMAND_KEYS as readonly string[]).includes(key) || child.kind === "map") continue;
      problems.add(
        SpecUnknownKey,
        `unknown command option '${key}'`,
        child.location,
        didYouMean(key, COMMAND_KEYS),
      );
    }
  }
}
