import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { QuerySyntax, QueryUnknownField } from "../../../foundations/error-codes.js";
import { keyField } from "./compile-fields.js";
import { isToOne, type JoinPlan } from "./join-plan.js";
import { refuseEncrypted } from "./refuse-encrypted.js";
import { resolvePath } from "./resolve-path.js";

/** One ORDER BY term, resolved to a table alias and column. */
export interface OrderTerm {
  readonly table: string;
  readonly column: string;
  /** The field the column holds (the related key for a relation path). */
  readonly field: FieldDefinition;
  /** The path as written (`station__name`), for cursors that must match their ordering. */
  readonly path: string;
  readonly descending: boolean;
  /** Where rows without a value go; undefined when the column can hold none. */
  readonly nulls: "first" | "last" | undefined;
}

const ITEM = /^(-?)([A-Za-z0-9_]+)(?::(nullsfirst|nullslast))?$/;

/**
 * Binds `["-date", "station__name:nullsfirst"]`. Paths may follow to-one relations
 * only; a relation orders by the related key. Nulls sort as the largest value on every
 * backend (last ascending, first descending) unless the term says otherwise, and
 * `id` ends every ordering, in the last term's direction, so pages are stable.
 */
export function compileOrder(
  spec: ProjectSpec,
  model: ModelDefinition,
  items: readonly string[] | undefined,
  joins: JoinPlan,
): OrderTerm[] {
  const terms: OrderTerm[] = [];
  for (const item of items ?? model.ordering) {
    const match = ITEM.exec(item.trim());
    if (match === null) {
      throw QuerySyntax.create(`bad ordering '${item}'`, {
        hint: "Write -field for descending, field for ascending, optionally :nullsfirst or :nullslast.",
        details: { order: item, position: 0 },
      });
    }
    const [, minus, path = "", nulls] = match;
    const resolved = resolvePath(spec, model, path.split("__"), `order '${item}'`);
    const hops = resolved.hops.filter(isToOne);
    if (hops.length !== resolved.hops.length || resolved.rest.length > 0) {
      throw QueryUnknownField.create(`cannot order ${model.name} by '${path}'`, {
        hint: "Order by fields of the model or of to-one relations (station__name).",
        details: { model: model.name, field: path },
      });
    }
    const field: FieldDefinition = resolved.field ?? keyField(resolved.model);
    refuseEncrypted(field, `order '${item}'`);
    const descending = minus === "-";
    const nullable = !field.required || hops.some((hop) => !hop.required);
    const defaultNulls = descending ? "first" : "last";
    terms.push({
      table: joins.aliasFor(hops),
      column: field.name,
      field,
      path,
      descending,
      nulls:
        nulls === "nullsfirst"
          ? "first"
          : nulls === "nullslast"
            ? "last"
            : nullable
              ? defaultNulls
              : undefined,
    });
  }
  const id = model.fields.get("id");
  if (id !== undefined && !terms.some((t) => t.table === joins.table && t.column === "id")) {
    terms.push({
      table: joins.table,
      column: "id",
      field: id,
      path: "id",
      // The direction of the last term, so an index on that column (which ends in the
      // row id on every backend's primary-key layout) can serve the whole ordering.
      descending: terms.at(-1)?.descending ?? false,
      nulls: undefined,
    });
  }
  return terms;
}
