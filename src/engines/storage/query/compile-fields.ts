import type { FieldDefinition } from "../../../spec/field-definition.js";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { QueryUnknownField } from "../../../foundations/error-codes.js";
import { isToOne, type JoinPlan } from "./join-plan.js";
import { findHop, type RelationHop } from "./relation-hop.js";
import { resolvePath } from "./resolve-path.js";

/** A column the list query selects: output key, select alias, where it comes from. */
export interface ColumnSelection {
  readonly key: string;
  readonly alias: string;
  readonly table: string;
  readonly column: string;
  /** The field whose codec decodes the value. */
  readonly field: FieldDefinition;
  /** For an encrypted field: its model and the alias of its row's id, which the seal binds. */
  readonly sealed?: { readonly model: string; readonly idAlias: string };
}

/** A many-to-many relation output as the sorted list of related keys. */
export interface ManyToManySelection {
  readonly key: string;
  readonly hop: Extract<RelationHop, { kind: "many-to-many" }>;
  readonly keyField: FieldDefinition;
}

export interface FieldsPlan {
  readonly columns: readonly ColumnSelection[];
  readonly manyToMany: readonly ManyToManySelection[];
}

export function keyField(model: ModelDefinition): FieldDefinition {
  const field = model.fields.get(model.key) ?? model.fields.get("id");
  if (field === undefined) throw new Error(`model ${model.name} has no key field`);
  return field;
}

/** The paths returned when no `fields` are given: visible fields, then relations, then timestamps. */
export function defaultFieldPaths(model: ModelDefinition): string[] {
  const visible = [...model.fields.values()].filter((f) => !f.hidden);
  const timestamps = ["created", "updated"];
  return [
    ...visible.filter((f) => !timestamps.includes(f.name)).map((f) => f.name),
    ...model.relations.keys(),
    ...visible.filter((f) => timestamps.includes(f.name)).map((f) => f.name),
  ];
}

function notReadable(model: ModelDefinition, path: string, why: string): never {
  throw QueryUnknownField.create(`cannot return '${path}' of ${model.name}: ${why}`, {
    hint: "Fields may follow to-one relations (station__name); many-to-many relations are returned as lists of keys.",
    details: { model: model.name, field: path },
  });
}

/**
 * Binds `fields=a,b,rel__c`: to-one paths become LEFT JOINs (output key as written),
 * a relation names the related natural key, a many-to-many relation a list of keys.
 */
export function compileFields(
  spec: ProjectSpec,
  model: ModelDefinition,
  paths: readonly string[] | undefined,
  joins: JoinPlan,
  rowIdAlias: string,
): FieldsPlan {
  const columns: ColumnSelection[] = [];
  const manyToMany: ManyToManySelection[] = [];
  for (const path of paths ?? defaultFieldPaths(model)) {
    const resolved = resolvePath(spec, model, path.split("__"), `fields '${path}'`);
    if (resolved.rest.length > 0)
      notReadable(model, path, `'${resolved.rest.join("__")}' is not a field`);
    const [first] = resolved.hops;
    if (
      resolved.hops.length === 1 &&
      first?.kind === "many-to-many" &&
      resolved.field === undefined
    ) {
      const hop = findHop(spec.models, model, first.name);
      if (hop?.kind === "many-to-many") {
        manyToMany.push({ key: path, hop, keyField: keyField(hop.to) });
        continue;
      }
    }
    const hops = resolved.hops.filter(isToOne);
    if (hops.length !== resolved.hops.length)
      notReadable(model, path, "it crosses a to-many relation");
    const field = resolved.field ?? keyField(resolved.model);
    const alias = `c${columns.length}`;
    const table = joins.aliasFor(hops);
    // One id per table a sealed value comes from: the row's own id for the main table.
    const idAlias = table === joins.table ? rowIdAlias : `${table}_id`;
    columns.push({
      key: path,
      alias,
      table,
      column: field.name,
      field,
      ...(field.encrypted ? { sealed: { model: resolved.model.name, idAlias } } : {}),
    });
  }
  return { columns, manyToMany };
}
