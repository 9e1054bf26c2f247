import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { QueryUnknownField } from "../../../foundations/error-codes.js";
import { keyField } from "../query/compile-fields.js";
import { isToOne, type JoinPlan } from "../query/join-plan.js";
import { resolvePath } from "../query/resolve-path.js";
import { refuseEncrypted } from "../query/refuse-encrypted.js";
import { isTransform } from "../query/transforms.js";

/** A path read through to-one LEFT JOINs: the column it ends on, and what follows it. */
export interface ToOnePath {
  readonly table: string;
  readonly column: string;
  readonly field: FieldDefinition;
  /** Segments after the field (a date transform for groups); empty for most uses. */
  readonly rest: readonly string[];
}

/**
 * Resolves a path that values, group and aggregate read: fields of the model or of
 * to-one relations (a relation means its related key). To-many paths would multiply
 * rows, so they are refused with a hint. With `relationAsId`, a path ending on a
 * relation names its foreign-key column instead.
 */
export function toOnePath(
  spec: ProjectSpec,
  model: ModelDefinition,
  path: string,
  joins: JoinPlan,
  context: string,
  relationAsId = false,
): ToOnePath {
  const resolved = resolvePath(spec, model, path.split("__"), `${context} '${path}'`, isTransform);
  const hops = resolved.hops.filter(isToOne);
  if (hops.length !== resolved.hops.length) {
    throw QueryUnknownField.create(`${context} '${path}' crosses a to-many relation`, {
      hint: "Use fields of the model or of to-one relations (station__region__name); filter on to-many paths instead.",
      details: { model: model.name, field: path },
    });
  }
  const last = hops.at(-1);
  const id = resolved.model.fields.get("id");
  if (relationAsId && resolved.field === undefined && last !== undefined && id !== undefined) {
    // A relation counted by its foreign key: no join, and distinct even for scoped keys.
    return {
      table: joins.aliasFor(hops.slice(0, -1)),
      column: last.column,
      field: id,
      rest: resolved.rest,
    };
  }
  const field = resolved.field ?? keyField(resolved.model);
  refuseEncrypted(field, `${context} '${path}'`);
  return { table: joins.aliasFor(hops), column: field.name, field, rest: resolved.rest };
}
