import type { JsonValue, ParameterType } from "./field-types.js";
import type { SourceLocation } from "./source-location.js";

/** One parameter of a command. Names are snake_case in specs and camelCase in handlers. */
export interface ParameterDefinition {
  readonly name: string;
  readonly type: ParameterType;
  /** The model whose natural key a `key` parameter names. */
  readonly model?: string;
  readonly required: boolean;
  readonly default?: JsonValue;
  readonly choices?: readonly JsonValue[];
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  /** A list of values (comma-separated on the command line). */
  readonly multiple: boolean;
  readonly help?: string;
  /**
   * Stored only encrypted and shown as `***` (see runtime/parameters/secret-parameters.ts):
   * `secret` parameters, and a resource `save`'s parameters for encrypted fields.
   */
  readonly sensitive?: true;
  readonly source: SourceLocation;
}
