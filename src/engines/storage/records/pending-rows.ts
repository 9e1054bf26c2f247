import type { FieldValue } from "./codecs/field-codec.js";
import type { RecordKey } from "./record-store.js";

/** One row to save: its natural key and raw values. */
export interface WriteInput {
  readonly key: RecordKey;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Rows of one bulk write that share their scope (all rows, for unscoped models): the
 * scope records are looked up once per group and existing rows are found per group.
 */
export interface ScopeGroup {
  /** The scope relations' keys as given, in `model.scope` order. */
  readonly scope: readonly RecordKey[];
  /** The scope rows' ids in `model.scope` order, once resolved. */
  ids: readonly number[];
  /** Key match text -> the row; repeated keys merge into one row. */
  readonly rows: Map<string, PendingRow>;
}

/** One distinct key of a bulk write, with its values parsed and encoded once. */
export interface PendingRow {
  /** The key as first given, for messages. */
  readonly key: RecordKey;
  readonly group: ScopeGroup;
  /** The typed key, undefined for a new row of a model keyed by id. */
  readonly keyValue: FieldValue | undefined;
  /** The key as the driver parameter. */
  readonly storedKey: unknown;
  /**
   * Per plan slot: undefined when not given, null to clear, else the driver value
   * (fields) or the related key's identity (to-one relations).
   */
  readonly cells: unknown[];
  /** Many-to-many relation -> the related keys given. */
  links: Map<string, RecordKey[]> | undefined;
  id: number | undefined;
  created: boolean;
}

/** Every row of one bulk write, grouped, plus what their relations refer to. */
export interface CollectedRows {
  readonly groups: Map<string, ScopeGroup>;
  /** One entry per input, in input order (repeated keys share a row). */
  readonly order: PendingRow[];
  /** Distinct rows in first-seen order. */
  readonly rows: PendingRow[];
  /** Relation name -> key identity -> key, for to-one and many-to-many relations. */
  readonly wanted: Map<string, Map<string, RecordKey>>;
}
