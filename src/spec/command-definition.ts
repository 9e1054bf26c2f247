import type { ParameterDefinition } from "./parameter-definition.js";
import type { SourceLocation } from "./source-location.js";

/** A user handler: a file of a module (absolute path) and one of its exports. */
export interface HandlerReference {
  readonly file: string;
  readonly export: string;
}

/** What runs a built-in command: a name the runtime registers, plus a model for resources. */
export interface BuiltinReference {
  readonly name: string;
  readonly model?: string;
}

export const RESOURCE_ACTIONS = ["list", "get", "save", "remove", "clear"] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];

/**
 * A command: a CLI verb, a command API endpoint, a queue task. Exactly one of
 * `handler` (user code, run in an isolate) and `builtin` (platform code) is set.
 */
export interface CommandDefinition {
  /** Words of the command, e.g. `["weather", "fetch"]` or `["station", "list"]`. */
  readonly path: readonly string[];
  /** The path joined by spaces: `weather fetch`. */
  readonly name: string;
  readonly module: string;
  readonly handler?: HandlerReference;
  readonly builtin?: BuiltinReference;
  readonly help?: string;
  readonly parameters: ReadonlyMap<string, ParameterDefinition>;
  /**
   * Resource commands (list, get, clear) also take filters `path__op=value` that no
   * parameter declares.
   */
  readonly acceptsFilters: boolean;
  readonly roles: readonly string[];
  readonly background: boolean;
  /** Further attempts a queued run gets after a handler failure or a lost worker. */
  readonly retries: number;
  /** Seconds: the base of the exponential backoff between attempts (default 1). */
  readonly retryBackoff?: number;
  /** Queue priority: lower runs first, 0 (the default) first of all. */
  readonly priority?: number;
  /** Seconds; absent for no limit. */
  readonly timeout?: number;
  readonly interruptible: boolean;
  readonly lock?: string;
  readonly queue?: string;
  /** Whether runs are recorded as executions; false only for platform commands that must run before the schema exists. */
  readonly recorded: boolean;
  readonly source: SourceLocation;
}
