/**
 * `GET /command`: the server's command tree, each command with its parameters as JSON
 * Schema. Names are as the server sends them (snake_case).
 */

/** One parameter's JSON Schema, with what Cairn adds to rebuild its definition. */
export interface ParameterSchema {
  /** JSON Schema type: `string`, `integer`, `number`, `boolean`, or `array` for lists. */
  readonly type?: string;
  /** A list's items (for `x-cairn-multiple` parameters). */
  readonly items?: ParameterSchema;
  readonly format?: string;
  /** The parameter's help text. */
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  /** The Cairn parameter type: a field type (`integer`, `date`, ...), `key` or `flag`. */
  readonly "x-cairn-type": string;
  /** The model whose natural key a `key` parameter names. */
  readonly "x-cairn-model"?: string;
  /** Whether the parameter takes a list (comma-separated on the command line). */
  readonly "x-cairn-multiple": boolean;
}

/** One command of the tree. */
export interface CommandDescription {
  /** The path joined by spaces: `station list`, `weather fetch`. */
  readonly name: string;
  readonly path: readonly string[];
  readonly module: string;
  readonly help: string | null;
  /** Roles allowed to run it. */
  readonly roles: readonly string[];
  /** Whether a run stops when its caller goes away or asks it to abort. */
  readonly interruptible: boolean;
  readonly background: boolean;
  /** The lock a run holds, if any. */
  readonly lock: string | null;
  /** Whether it takes `path__op=value` filters beside its parameters (`list`, `clear`). */
  readonly accepts_filters: boolean;
  readonly parameters: {
    readonly type: "object";
    readonly properties: Readonly<Record<string, ParameterSchema>>;
    readonly required: readonly string[];
  };
}
