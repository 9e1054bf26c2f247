import type { Database } from "../../engines/storage/database.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import type { CommandContext } from "../command-context.js";

/** What platform code may use beyond a handler's context. */
export interface BuiltinServices {
  readonly spec: ProjectSpec;
  readonly database: Database;
  /** The store of the command's transaction. */
  readonly store: RecordStore;
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
