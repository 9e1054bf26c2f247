import type { SourceLocation } from "./source-location.js";

export type OnDelete = "cascade" | "restrict" | "set_null";

/**
 * A relation declared on a model. To-one relations are a foreign-key column named
 * `<relation>_id`; `multiple: true` relations are many-to-many through a join table
 * (see engines/storage/naming.ts).
 */
export interface RelationDefinition {
  readonly name: string;
  /** The related model's name. */
  readonly model: string;
  readonly multiple: boolean;
  readonly required: boolean;
  readonly onDelete: OnDelete;
  /** Name of the reverse (to-many) path on the related model; default: this model's name. */
  readonly reverse: string;
  readonly help?: string;
  readonly source: SourceLocation;
}

/**
 * The other side of a relation, seen from the related model: always to-many. Lets
 * paths such as `station?observation__temp__gt=30` cross a relation backwards.
 */
export interface ReverseRelationDefinition {
  readonly name: string;
  /** The model that declares the relation. */
  readonly model: string;
  /** The relation's name on that model. */
  readonly relation: string;
}
