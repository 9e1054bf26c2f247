import type { Database } from "../../engines/storage/database.js";
import type { Settings } from "../../foundations/settings.js";
import type { FilterInput, RecordStore } from "../../engines/storage/records/record-store.js";
import type { FilterNode } from "../../engines/storage/query/index.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import type { CommandContext } from "../command-context.js";

/** What platform code may use beyond a handler's context. */
export interface BuiltinServices {
  readonly spec: ProjectSpec;
  readonly settings: Settings;
  readonly database: Database;
  /** The store of the command's transaction. */
  readonly store: RecordStore;
  /** The command being run (resource built-ins read their model from `builtin.model`). */
  readonly command: CommandDefinition;
  /** `path__op=value` filters of commands that accept them (validated by the store). */
  readonly filters: readonly FilterInput[];
  /** The `filter=` boolean expression, when given. */
  readonly filter?: string;
  /**
   * The store as the run's user reads `model` (fields they may not see hidden) and the
   * row-level rules to pass with each read (see ReadViews).
   */
  reader(model: string): Promise<{ store: RecordStore; scope: { scope?: FilterNode } }>;
}

/**
 * A built-in command's implementation, registered by name (`db.plan`,
 * `resource.list`) and referenced from the core spec's `builtin:` keys. Built-ins run
 * in-process; their parameters arrive validated, under their snake_case names.
 */
export type BuiltinCommand = (
  ctx: CommandContext,
  parameters: Readonly<Record<string, unknown>>,
  services: BuiltinServices,
) => Promise<unknown>;
