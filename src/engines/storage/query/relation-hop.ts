import type { ModelDefinition } from "../../../spec/model-definition.js";
import {
  foreignKeyColumn,
  joinTableName,
  JOIN_SOURCE_COLUMN,
  JOIN_TARGET_COLUMN,
} from "../naming.js";

/**
 * One step of a path from one model to another. `to-one` follows a foreign key on
 * `from`; `to-many` follows a foreign key on `to` backwards; `many-to-many` goes
 * through a join table, whichever side declared the relation.
 */
export type RelationHop =
  | {
      readonly kind: "to-one";
      readonly name: string;
      readonly from: ModelDefinition;
      readonly to: ModelDefinition;
      /** Column on `from` holding `to.id`. */
      readonly column: string;
      readonly required: boolean;
    }
  | {
      readonly kind: "to-many";
      readonly name: string;
      readonly from: ModelDefinition;
      readonly to: ModelDefinition;
      /** Column on `to` holding `from.id`. */
      readonly column: string;
    }
  | {
      readonly kind: "many-to-many";
      readonly name: string;
      readonly from: ModelDefinition;
      readonly to: ModelDefinition;
      readonly joinTable: string;
      /** Join-table column holding `from.id`, and the one holding `to.id`. */
      readonly fromColumn: string;
      readonly toColumn: string;
    };

/** The hop for `name` on `from` (a relation or a reverse relation), or undefined. */
export function findHop(
  models: ReadonlyMap<string, ModelDefinition>,
  from: ModelDefinition,
  name: string,
): RelationHop | undefined {
  const relation = from.relations.get(name);
  if (relation !== undefined) {
    const to = models.get(relation.model);
    if (to === undefined) return undefined;
    return relation.multiple
      ? {
          kind: "many-to-many",
          name,
          from,
          to,
          joinTable: joinTableName(from.name, name),
          fromColumn: JOIN_SOURCE_COLUMN,
          toColumn: JOIN_TARGET_COLUMN,
        }
      : {
          kind: "to-one",
          name,
          from,
          to,
          column: foreignKeyColumn(name),
          required: relation.required,
        };
  }
  const reverse = from.reverseRelations.get(name);
  if (reverse === undefined) return undefined;
  const to = models.get(reverse.model);
  const declared = to?.relations.get(reverse.relation);
  if (to === undefined || declared === undefined) return undefined;
  return declared.multiple
    ? {
        kind: "many-to-many",
        name,
        from,
        to,
        joinTable: joinTableName(to.name, declared.name),
        fromColumn: JOIN_TARGET_COLUMN,
        toColumn: JOIN_SOURCE_COLUMN,
      }
    : { kind: "to-many", name, from, to, column: foreignKeyColumn(declared.name) };
}
