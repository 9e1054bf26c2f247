import type { RecordRow, RowChange } from "../../engines/storage/records/index.js";
import type { ModelDefinition } from "../../spec/model-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { boundedValue } from "../execution/bounded-for-storage.js";

/** What a secret value reads as in the audit trail. */
export const REDACTED = "[redacted]";

/** The longest value kept in `changes` (its JSON); longer ones become a note of their size. */
export const AUDIT_VALUE_LIMIT = 8 * 1024;

/** The audit trail's model. */
export const AUDIT_MODEL = "audit_entry";

/** Every row has these; they are the entry's own columns, never a change. */
const SYSTEM_FIELDS: ReadonlySet<string> = new Set(["id", "created", "updated"]);

/** Who wrote, and from where. */
export interface AuditActor {
  readonly user: string;
  /** `api` for the data API; else the origin of the execution that wrote. */
  readonly origin: string;
  /** The execution that wrote, when a command did. */
  readonly execution?: string;
}

/** One field's values in an entry's `changes`: `old` absent for creates, `new` for removes. */
export interface FieldChange {
  readonly old?: unknown;
  readonly new?: unknown;
}

/** Values equal as stored: JSON deeply, object keys in any order. */
function same(a: unknown, b: unknown): boolean {
  if ((a ?? null) === (b ?? null)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => same(left[key], right[key]));
}

const kept = (value: unknown): unknown => boundedValue(value ?? null, AUDIT_VALUE_LIMIT);

/**
 * A secret field's entry: it is never read, so a create or update records that it was
 * given, and a remove that it went, each value "[redacted]".
 */
function secretChange(change: RowChange, name: string): FieldChange | undefined {
  switch (change.action) {
    case "create":
      return change.given?.includes(name) === true ? { new: REDACTED } : undefined;
    case "update":
      return change.given?.includes(name) === true ? { old: REDACTED, new: REDACTED } : undefined;
    case "remove":
      return { old: REDACTED };
  }
}

/** No value: null, or no related keys. */
const empty = (value: unknown): boolean =>
  value === null || (Array.isArray(value) && value.length === 0);

function visibleChange(change: RowChange, name: string): FieldChange | undefined {
  const before = change.before?.[name] ?? null;
  const after = change.after?.[name] ?? null;
  switch (change.action) {
    case "create":
      return empty(after) ? undefined : { new: kept(after) };
    case "update":
      return same(before, after) ? undefined : { old: kept(before), new: kept(after) };
    case "remove":
      return empty(before) ? undefined : { old: kept(before) };
  }
}

/**
 * `{field: {old, new}}` of one change: for a create every field it stored (given or by
 * default), for an update the fields whose value changed, for a remove every value the
 * row had (empty values and empty lists of related keys left out). Fields marked
 * `hidden` or `encrypted` read "[redacted]".
 */
export function fieldChanges(
  model: ModelDefinition,
  change: RowChange,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of model.fields.values()) {
    if (SYSTEM_FIELDS.has(field.name)) continue;
    const entry =
      field.hidden || field.encrypted
        ? secretChange(change, field.name)
        : visibleChange(change, field.name);
    if (entry !== undefined) changes[field.name] = entry;
  }
  for (const relation of model.relations.keys()) {
    const entry = visibleChange(change, relation);
    if (entry !== undefined) changes[relation] = entry;
  }
  return changes;
}

/** The `audit_entry` values recording one change by `actor`. */
export function auditValues(
  spec: ProjectSpec,
  change: RowChange,
  actor: AuditActor,
): Record<string, unknown> {
  const model = spec.models.get(change.model);
  return {
    user: actor.user.slice(0, 150),
    origin: actor.origin,
    action: change.action,
    model: change.model,
    row_id: change.id,
    row_key: change.key.slice(0, 1000),
    changes: model === undefined ? {} : fieldChanges(model, change),
    ...(actor.execution === undefined ? {} : { execution: Number(actor.execution) }),
  };
}

/** A row's change as the resource commands see it, before and after a write. */
export function rowChange(
  model: ModelDefinition,
  action: RowChange["action"],
  key: string,
  rows: { readonly before?: RecordRow; readonly after?: RecordRow; readonly given?: string[] },
): RowChange {
  const row = rows.after ?? rows.before;
  return { action, model: model.name, id: Number(row?.id), key, ...rows };
}
