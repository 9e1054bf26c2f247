import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";

export type HelpGroup = "project" | "data models" | "module commands" | "platform";

/** Headings of `cairn --help`, in order. */
export const HELP_GROUP_HEADINGS: Record<HelpGroup, string> = {
  project: "Project:",
  "data models": "Data models:",
  "module commands": "Module commands:",
  platform: "Platform:",
};

/** One first word of the command tree and every spec command below it. */
export interface TopLevelWord {
  readonly word: string;
  readonly group: HelpGroup;
  readonly description: string;
  readonly commands: readonly CommandDefinition[];
}

/** Words the CLI itself answers; spec commands may not take them. */
export const FACE_COMMANDS = ["init", "serve", "worker", "scheduler", "help"] as const;

/**
 * The spec's command tree by first word, each placed in a help group: the project's
 * models, its module commands, and the platform's own records and commands.
 */
export function topLevelWords(spec: ProjectSpec): TopLevelWord[] {
  const byWord = new Map<string, CommandDefinition[]>();
  for (const command of spec.commands.values()) {
    const word = command.path[0];
    if (word === undefined || (FACE_COMMANDS as readonly string[]).includes(word)) continue;
    byWord.set(word, [...(byWord.get(word) ?? []), command]);
  }
  return [...byWord].map(([word, commands]) => {
    const model = spec.models.get(word);
    const isModel = commands.some((c) => c.builtin?.model === word);
    const core = commands.every((c) => c.module === "core");
    const group: HelpGroup =
      word === "db" ? "project" : core ? "platform" : isModel ? "data models" : "module commands";
    return { word, group, description: describe(word, commands, model?.help), commands };
  });
}

function describe(
  word: string,
  commands: readonly CommandDefinition[],
  modelHelp: string | undefined,
): string {
  const only = commands[0];
  if (commands.length === 1 && only?.path.length === 1) return only.help ?? "";
  const verbs = commands.map((c) => c.path.slice(1).join(" ")).join(", ");
  return modelHelp ?? verbs;
}

/** Commands grouped by their word at `depth`, to build the tree one level at a time. */
export function childWords(
  commands: readonly CommandDefinition[],
  depth: number,
): Map<string, CommandDefinition[]> {
  const children = new Map<string, CommandDefinition[]>();
  for (const command of commands) {
    const word = command.path[depth];
    if (word === undefined) continue;
    children.set(word, [...(children.get(word) ?? []), command]);
  }
  return children;
}
