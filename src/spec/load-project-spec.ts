import { resolve } from "node:path";
import { buildReverseRelations } from "./build-reverse-relations.js";
import { checkCommandPaths } from "./check-command-paths.js";
import type { CommandDefinition } from "./command-definition.js";
import { deepFreeze } from "./deep-freeze.js";
import { deriveResourceCommands } from "./derive-resource-commands.js";
import { mergeSpec, type MergedSpec } from "./merge-spec.js";
import type { ModelDefinition } from "./model-definition.js";
import type { ProjectSpec, RoleDefinition } from "./project-spec.js";
import { Inheritance } from "./resolve-inheritance.js";
import { resolveModules } from "./resolve-modules.js";
import { SpecProblems } from "./spec-problems.js";
import { validateCommand } from "./validate-command.js";
import { validateModel } from "./validate-model.js";
import { validateRoles } from "./validate-roles.js";
import { validateSchedules } from "./validate-schedules.js";

/**
 * Loads a project: core first, then required modules in dependency order, then the
 * project module; merges their spec files and validates them into one deeply frozen
 * ProjectSpec. Throws one CairnError listing every problem found.
 */
export function loadProjectSpec(projectDir: string): Promise<ProjectSpec> {
  // Async in signature so spec loading may read files concurrently later; errors
  // always arrive as rejections, never as synchronous throws.
  try {
    return Promise.resolve(loadProjectSpecSync(projectDir));
  } catch (error: unknown) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** The same as loadProjectSpec for callers that cannot await (it only reads files). */
export function loadProjectSpecSync(projectDir: string): ProjectSpec {
  const root = resolve(projectDir);
  const problems = new SpecProblems();
  const modules = resolveModules(root, problems);
  problems.throwIfAny();
  const merged = mergeSpec(modules, problems);
  const roles = validateRoles(merged.roles, problems);
  const models = buildModels(merged, roles, problems);
  const commands = buildCommands(merged, models, roles, problems);
  const ordered = orderCommands(
    commands,
    modules.map((m) => m.definition.name),
  );
  const schedules = validateSchedules(merged.schedules, ordered, problems);
  problems.throwIfAny();
  const project = modules[modules.length - 1];
  if (project === undefined) throw new Error("no project module was loaded");
  return deepFreeze<ProjectSpec>({
    root,
    name: project.definition.name,
    version: project.definition.version,
    modules: modules.map((m) => m.definition),
    models,
    commands: ordered,
    roles,
    schedules,
  });
}

function buildModels(
  merged: MergedSpec,
  roles: ReadonlyMap<string, RoleDefinition>,
  problems: SpecProblems,
): Map<string, ModelDefinition> {
  const inheritance = new Inheritance(
    { what: "model", sections: ["fields", "relations"], shallow: ["roles"] },
    merged.models,
    merged.modelMixins,
    problems,
  );
  const context = {
    modelNames: new Set(merged.models.keys()),
    roleNames: new Set(roles.keys()),
    problems,
  };
  const models = new Map<string, ModelDefinition>();
  for (const entry of merged.models.values()) {
    const map = inheritance.resolve(entry);
    if (map !== undefined)
      models.set(entry.name, validateModel(entry.name, map, entry.module, context));
  }
  return buildReverseRelations(models, problems);
}

function buildCommands(
  merged: MergedSpec,
  models: ReadonlyMap<string, ModelDefinition>,
  roles: ReadonlyMap<string, RoleDefinition>,
  problems: SpecProblems,
): CommandDefinition[] {
  const inheritance = new Inheritance(
    { what: "command", sections: ["parameters"], shallow: [] },
    merged.commands,
    merged.commandMixins,
    problems,
  );
  const context = {
    modelNames: new Set(models.keys()),
    roleNames: new Set(roles.keys()),
    problems,
  };
  const declared: CommandDefinition[] = [];
  for (const raw of merged.commands.values()) {
    const map = inheritance.resolve(raw);
    const command = map && validateCommand(raw.path, map, raw.module, context);
    if (command !== undefined) declared.push(command);
  }
  const resources = [...models.values()].flatMap(deriveResourceCommands);
  checkCommandPaths(declared, resources, problems);
  return [...resources, ...declared];
}

/** Commands by name, module by module: each module's resource commands, then its own. */
function orderCommands(
  commands: readonly CommandDefinition[],
  moduleOrder: readonly string[],
): Map<string, CommandDefinition> {
  const ordered = new Map<string, CommandDefinition>();
  for (const module of moduleOrder) {
    for (const command of commands) {
      if (command.module === module && !ordered.has(command.name))
        ordered.set(command.name, command);
    }
  }
  return ordered;
}
