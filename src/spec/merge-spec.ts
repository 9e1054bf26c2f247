import { SpecDuplicate, SpecUnknownKey, SpecUnsupported } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import { collectCommands, type RawCommand } from "./collect-commands.js";
import type { LoadedModule } from "./load-module.js";
import type { ModuleContext } from "./module-context.js";
import { formatLocation } from "./source-location.js";
import type { SpecMap, SpecNode } from "./spec-node.js";
import { asMap } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";

/** One named definition as written, before inheritance and validation. */
export interface RawEntry {
  readonly name: string;
  readonly node: SpecNode;
  readonly module: ModuleContext;
}

/** Every module's spec files merged into named collections, in load order. */
export interface MergedSpec {
  readonly models: Map<string, RawEntry>;
  readonly modelMixins: Map<string, RawEntry>;
  readonly commands: Map<string, RawCommand>;
  readonly commandMixins: Map<string, RawEntry>;
  readonly roles: Map<string, RawEntry>;
  readonly schedules: Map<string, RawEntry>;
}

const TOP_LEVEL_KEYS = [
  "models",
  "model_mixins",
  "commands",
  "command_mixins",
  "roles",
  "schedules",
] as const;
const RESERVED_KEYS = ["imports"] as const;

export function mergeSpec(modules: readonly LoadedModule[], problems: SpecProblems): MergedSpec {
  const merged: MergedSpec = {
    models: new Map(),
    modelMixins: new Map(),
    commands: new Map(),
    commandMixins: new Map(),
    roles: new Map(),
    schedules: new Map(),
  };
  for (const loaded of modules) {
    const module: ModuleContext = {
      name: loaded.definition.name,
      root: loaded.definition.root,
      isCore: loaded === modules[0] && loaded.definition.name === "core",
    };
    for (const file of loaded.files) mergeFile(file, module, merged, problems);
  }
  return merged;
}

function mergeFile(
  file: SpecMap,
  module: ModuleContext,
  merged: MergedSpec,
  problems: SpecProblems,
): void {
  const known = file.entries;
  for (const [key, node] of known) {
    if ((RESERVED_KEYS as readonly string[]).includes(key)) {
      problems.add(SpecUnsupported, `'${key}' is not supported yet`, node.location);
    } else if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      const suggestion = didYouMean(key, TOP_LEVEL_KEYS);
      problems.add(SpecUnknownKey, `unknown top-level key '${key}'`, node.location, suggestion);
    }
  }
  addNamed(known.get("models"), "model", module, merged.models, problems);
  addNamed(known.get("model_mixins"), "model mixin", module, merged.modelMixins, problems);
  addNamed(known.get("command_mixins"), "command mixin", module, merged.commandMixins, problems);
  addNamed(known.get("roles"), "role", module, merged.roles, problems);
  addNamed(known.get("schedules"), "schedule", module, merged.schedules, problems);
  const commands = known.get("commands");
  if (commands !== undefined) {
    const map = asMap(commands, "'commands'", problems);
    if (map !== undefined) {
      for (const command of collectCommands(map, module, problems)) {
        const previous = merged.commands.get(command.name);
        if (previous !== undefined) {
          duplicate("command", command.name, command.node, previous.node, problems);
        } else {
          merged.commands.set(command.name, command);
        }
      }
    }
  }
}

function addNamed(
  section: SpecNode | undefined,
  what: string,
  module: ModuleContext,
  target: Map<string, RawEntry>,
  problems: SpecProblems,
): void {
  if (section === undefined) return;
  if (section.kind === "scalar" && section.value === null) return;
  const map = asMap(section, `the ${what}s section`, problems);
  if (map === undefined) return;
  for (const [name, node] of map.entries) {
    const previous = target.get(name);
    if (previous !== undefined) {
      duplicate(what, name, node, previous.node, problems);
      continue;
    }
    target.set(name, { name, node, module });
  }
}

function duplicate(
  what: string,
  name: string,
  node: SpecNode,
  previous: SpecNode,
  problems: SpecProblems,
): void {
  problems.add(
    SpecDuplicate,
    `${what} '${name}' is defined twice`,
    node.location,
    ` (first in ${formatLocation(previous.location)})`,
    `Rename one of them; a ${what} name is shared by every module of the project.`,
  );
}
