import { existsSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  ModuleCycle,
  ModuleNotFound,
  ProjectNotFound,
  SpecDuplicate,
} from "../foundations/error-codes.js";
import { loadModule, MODULE_FILE, type LoadedModule } from "./load-module.js";
import { coreModuleDir } from "./package-root.js";
import type { ModuleRequirement } from "./project-spec.js";
import type { SourceLocation } from "./source-location.js";
import type { SpecProblems } from "./spec-problems.js";

/**
 * Every module of a project in load order: core, then required modules depth-first
 * (a module after everything it requires), then the project itself. A module required
 * twice (a diamond) loads once.
 */
export function resolveModules(projectDir: string, problems: SpecProblems): LoadedModule[] {
  const projectRoot = resolve(projectDir);
  if (!existsSync(join(projectRoot, MODULE_FILE))) {
    throw ProjectNotFound.create(`no ${MODULE_FILE} in ${projectRoot}`, {
      hint: "Run `cairn init DIR` to create a project, or pass --project DIR.",
    });
  }
  const resolver = new ModuleResolver(projectRoot, problems);
  const core = loadModule(coreModuleDir(), projectRoot, problems);
  if (core !== undefined) resolver.add(core);
  resolver.visit(projectRoot);
  return resolver.order;
}

class ModuleResolver {
  readonly order: LoadedModule[] = [];
  readonly #byRoot = new Map<string, LoadedModule>();
  readonly #byName = new Map<string, LoadedModule>();
  /** Modules being loaded, outermost first: the path a cycle is reported along. */
  readonly #visiting: { readonly root: string; readonly name: string }[] = [];

  constructor(
    private readonly projectRoot: string,
    private readonly problems: SpecProblems,
  ) {}

  visit(root: string): LoadedModule | undefined {
    const loaded = loadModule(root, this.projectRoot, this.problems);
    if (loaded === undefined) return undefined;
    const real = realpathSync(root);
    this.#byRoot.set(real, loaded);
    this.#visiting.push({ root: real, name: loaded.definition.name });
    loaded.definition.requires.forEach((requirement, index) => {
      const location = loaded.requireLocations[index] ?? loaded.nameLocation;
      this.#require(root, requirement, location);
    });
    this.#visiting.pop();
    this.add(loaded);
    return loaded;
  }

  add(loaded: LoadedModule): void {
    const name = loaded.definition.name;
    const other = this.#byName.get(name);
    if (other !== undefined) {
      this.problems.add(
        SpecDuplicate,
        `module name '${name}' is used by both ${other.definition.root} and ${loaded.definition.root}`,
        loaded.nameLocation,
      );
    } else {
      this.#byName.set(name, loaded);
    }
    this.order.push(loaded);
  }

  #require(from: string, requirement: ModuleRequirement, location: SourceLocation): void {
    const dir = resolve(from, requirement.path);
    if (!existsSync(join(dir, MODULE_FILE))) {
      this.problems.add(
        ModuleNotFound,
        `module '${requirement.name}' not found: no ${MODULE_FILE} in ${dir}`,
        location,
        "",
        "Check the requirement's path (relative to the module that requires it).",
      );
      return;
    }
    const real = realpathSync(dir);
    const cycleStart = this.#visiting.findIndex((v) => v.root === real);
    if (cycleStart >= 0) {
      const names = [...this.#visiting.slice(cycleStart).map((v) => v.name), requirement.name];
      this.problems.add(ModuleCycle, `modules require each other: ${names.join(" -> ")}`, location);
      return;
    }
    const module = this.#byRoot.get(real) ?? this.visit(real);
    if (module !== undefined && module.definition.name !== requirement.name) {
      this.problems.invalid(
        `requirement names module '${requirement.name}' but ${dir} holds module '${module.definition.name}'`,
        location,
      );
    }
  }
}
