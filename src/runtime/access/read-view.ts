import { ConditionNode, OrNode, type FilterNode } from "../../engines/storage/query/index.js";
import type { FieldDefinition } from "../../spec/field-definition.js";
import type { ModelDefinition } from "../../spec/model-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { holdsAny, type Principal } from "./principal.js";

/** A to-one relation of this name to `user` makes a model's rows belong to their owner. */
export const OWNER_RELATION = "owner";
/** A many-to-many relation of this name to `group` shares rows with the groups' members. */
export const GROUPS_RELATION = "groups";

/** What one reader may read of one model: the spec as they see it, and which rows. */
export interface ReadView {
  /** The spec with every field they may not see hidden (so no query can name it). */
  readonly spec: ProjectSpec;
  /** Row-level rules: only rows matching this exist for them; undefined when all do. */
  readonly scope: FilterNode | undefined;
}

/** The roles that read a model: `view`, and `edit`, which implies reading. */
export function readRoles(model: ModelDefinition): readonly string[] {
  return [...new Set([...model.roles.view, ...model.roles.edit])];
}

function ruleRelations(model: ModelDefinition): { owner: boolean; groups: boolean } {
  const owner = model.relations.get(OWNER_RELATION);
  const groups = model.relations.get(GROUPS_RELATION);
  return {
    owner: owner !== undefined && !owner.multiple && owner.model === "user",
    groups: groups !== undefined && groups.multiple && groups.model === "group",
  };
}

/** Whether row-level rules restrict what `principal` reads of `model`. */
export function rowsRestricted(model: ModelDefinition, principal: Principal): boolean {
  const rules = ruleRelations(model);
  return (rules.owner || rules.groups) && !holdsAny(principal, model.roles.edit);
}

/**
 * Rows of `model` the principal may read under its rules: those it owns, or shared with
 * a group it belongs to (directly or through a child group). Anonymous readers and
 * users in no group match by the rules they can meet; with none, no row matches.
 */
export function rowScope(model: ModelDefinition, principal: Principal): FilterNode | undefined {
  if (!rowsRestricted(model, principal)) return undefined;
  const rules = ruleRelations(model);
  const items: FilterNode[] = [];
  if (rules.owner && principal.userId !== undefined) {
    items.push(ConditionNode.create([OWNER_RELATION, "id"], principal.userId, "owner row rule"));
  }
  const groupIds = [...(principal.groupIds ?? [])];
  if (rules.groups && groupIds.length > 0) {
    items.push(ConditionNode.create([GROUPS_RELATION, "id", "in"], groupIds, "groups row rule"));
  }
  if (items.length === 0) return ConditionNode.create(["id", "isnull"], true, "no row rule met");
  return items.length === 1 ? items[0] : OrNode.create(items);
}

function hiddenFor(
  field: FieldDefinition,
  principal: Principal,
  wholeModelHidden: boolean,
): boolean {
  if (field.hidden || field.system) return field.hidden;
  if (wholeModelHidden) return true;
  return field.view !== undefined && !holdsAny(principal, field.view);
}

function restrictModel(
  model: ModelDefinition,
  principal: Principal,
  wholeModelHidden: boolean,
): ModelDefinition {
  let changed = false;
  const fields = new Map<string, FieldDefinition>();
  for (const [name, field] of model.fields) {
    const hidden = hiddenFor(field, principal, wholeModelHidden);
    if (hidden === field.hidden) fields.set(name, field);
    else {
      changed = true;
      fields.set(name, Object.freeze({ ...field, hidden }));
    }
  }
  return changed ? Object.freeze({ ...model, fields }) : model;
}

/**
 * The spec as `principal` reads it from `root`: fields whose `view:` roles they lack
 * are hidden; so is every field of another model they may not read, or whose rows
 * row-level rules restrict for them (a path from `root` into such rows could otherwise
 * tell which exist). Hidden fields are unknown to every query (see resolvePath).
 */
export function restrictSpec(spec: ProjectSpec, principal: Principal, root: string): ProjectSpec {
  let changed = false;
  const models = new Map<string, ModelDefinition>();
  for (const [name, model] of spec.models) {
    const other = name !== root;
    const unreadable =
      other && (!holdsAny(principal, readRoles(model)) || rowsRestricted(model, principal));
    const restricted = restrictModel(model, principal, unreadable);
    if (restricted !== model) changed = true;
    models.set(name, restricted);
  }
  return changed ? Object.freeze({ ...spec, models }) : spec;
}

/** Read views by principal roles and model, computed once each (specs are frozen). */
export class ReadViews {
  readonly #spec: ProjectSpec;
  readonly #specs = new Map<string, ProjectSpec>();

  constructor(spec: ProjectSpec) {
    this.#spec = spec;
  }

  /** What `principal` may read of `model` (the principal is checked to read it elsewhere). */
  of(principal: Principal, model: string): ReadView {
    const key = `${[...principal.roles].sort().join(",")}|${model}`;
    let spec = this.#specs.get(key);
    if (spec === undefined) {
      spec = restrictSpec(this.#spec, principal, model);
      this.#specs.set(key, spec);
    }
    const definition = this.#spec.models.get(model);
    return { spec, scope: definition === undefined ? undefined : rowScope(definition, principal) };
  }
}
