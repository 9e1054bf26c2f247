import type { FieldDefinition } from "./field-definition.js";
import type { RelationDefinition, ReverseRelationDefinition } from "./relation-definition.js";
import type { SourceLocation } from "./source-location.js";

export interface ModelRoles {
  readonly view: readonly string[];
  readonly edit: readonly string[];
}

/** A model after merging, inheritance (`base`, `mixins`) and validation. Immutable. */
export interface ModelDefinition {
  readonly name: string;
  /** Name of the module that declared it (`core` for platform models). */
  readonly module: string;
  /**
   * The natural key field used by CLI and API lookups: the spec's `key`, else `name`
   * when the model has such a field, else `id`.
   */
  readonly key: string;
  /** To-one relation names the key is unique within (`scope: [station]`). */
  readonly scope: readonly string[];
  /** Every field in declaration order: `id` first, user fields, then `created`, `updated`. */
  readonly fields: ReadonlyMap<string, FieldDefinition>;
  readonly relations: ReadonlyMap<string, RelationDefinition>;
  /** Relations of other models pointing here, by their reverse name. */
  readonly reverseRelations: ReadonlyMap<string, ReverseRelationDefinition>;
  /** Extra indexes, each a list of field or to-one relation names. */
  readonly indexes: readonly (readonly string[])[];
  /** Default ordering, e.g. `["-date", "name"]`. */
  readonly ordering: readonly string[];
  readonly roles: ModelRoles;
  /** Whether the data API serves the model (later issues); true unless `api: false`. */
  readonly api: boolean;
  readonly help?: string;
  readonly source: SourceLocation;
}
