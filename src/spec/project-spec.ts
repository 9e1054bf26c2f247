import type { CommandDefinition } from "./command-definition.js";
import type { ModelDefinition } from "./model-definition.js";
import type { ScheduleDefinition } from "./schedule-definition.js";
import type { SourceLocation } from "./source-location.js";

export interface ModuleRequirement {
  readonly name: string;
  readonly path: string;
}

export interface ModuleDefinition {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the module's directory. */
  readonly root: string;
  readonly requires: readonly ModuleRequirement[];
}

export interface RoleDefinition {
  readonly name: string;
  readonly help?: string;
  readonly module: string;
  readonly source: SourceLocation;
}

/**
 * A whole project after loading: core first, then modules in dependency order, merged
 * and validated. Deeply frozen; pass it down, never mutate it.
 */
export interface ProjectSpec {
  /** Absolute path of the project directory (the one holding cairn.yml). */
  readonly root: string;
  readonly name: string;
  readonly version: string;
  /** Modules in load order: `core` first, the project itself last. */
  readonly modules: readonly ModuleDefinition[];
  readonly models: ReadonlyMap<string, ModelDefinition>;
  /** Commands by name (`weather fetch`, `station list`, `db migrate`). */
  readonly commands: ReadonlyMap<string, CommandDefinition>;
  readonly roles: ReadonlyMap<string, RoleDefinition>;
  /** Schedules the modules declare (`schedules:`), by name; stored when a scheduler starts. */
  readonly schedules: ReadonlyMap<string, ScheduleDefinition>;
}
