import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { keyLabel } from "./record-keys.js";
import type { RecordRow, RecordStore } from "./record-store.js";

export type ChangeAction = "create" | "update" | "remove";

/**
 * One row a write created, changed or removed, with the stored row before and after it
 * as faces show rows (visible fields, relations as the related natural keys).
 */
export interface RowChange {
  readonly action: ChangeAction;
  readonly model: string;
  readonly id: number;
  /** How the CLI names the row: `03005`, `2026-01-01 (station 03005)`, or its id. */
  readonly key: string;
  /** The row before the write (update, remove). */
  readonly before?: RecordRow;
  /** The row after the write (create, update). */
  readonly after?: RecordRow;
  /** The fields the write was given (create, update): hidden fields appear only here. */
  readonly given?: readonly string[];
}

/**
 * Told of the rows a write changed, inside the write's transaction and through a store
 * on it: what it writes commits with the change, and a throw rolls the change back.
 */
export interface ChangeObserver {
  /** The spec its store works by; default the writer's (which may be a reader's view of it). */
  readonly spec?: ProjectSpec;
  changed(changes: readonly RowChange[], store: RecordStore): Promise<void>;
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value ?? null);
}

/** The row's natural key as the CLI and messages name it. */
export function rowKeyLabel(model: ModelDefinition, row: RecordRow): string {
  const key = text(row[model.key] ?? row.id);
  if (model.scope.length === 0) return key;
  const scope = Object.fromEntries(model.scope.map((relation) => [relation, text(row[relation])]));
  return keyLabel({ key, scope });
}
