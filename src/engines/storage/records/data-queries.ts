import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { FilterNode } from "../query/filter-node.js";
import type { FilterInput, ListOptions, RecordRow } from "./record-store.js";
import type { ChangeObserver } from "./row-change.js";

/**
 * The reads and writes the data API needs beyond the record store's basics: pages with
 * counts and keyset cursors, rows by id, distinct values, aggregates, streamed exports
 * and id-addressed writes. Implemented over the same query compiler, so filters mean
 * the same everywhere.
 */

export type CountMode = "exact" | "estimate" | "none";

export interface PageOptions extends ListOptions {
  /** An opaque cursor from a previous page's `nextCursor`; excludes `offset`. */
  readonly cursor?: string;
  /** Default `exact`. `estimate` uses the planner's row estimate where the backend has one (SQLite: exact). */
  readonly count?: CountMode;
}

export interface Page {
  readonly rows: RecordRow[];
  /** Matching rows in all (exact or estimated), or null for `count: "none"`. */
  readonly count: number | null;
  /** Whether more rows follow this page. */
  readonly more: boolean;
  /**
   * A keyset cursor for the next page whenever more rows follow, for any ordering: the
   * seek mirrors the ordering's directions and null placement, and `id` ends every
   * ordering as the tie-breaker. Undefined on the last page.
   */
  readonly nextCursor?: string;
}

export interface ValuesOptions {
  readonly filters?: readonly FilterInput[];
  readonly filter?: string;
  readonly scope?: FilterNode;
  /** Default: most frequent first, then by value. `value`, `-value`, `count`, `-count`. */
  readonly order?: readonly string[];
  readonly limit?: number;
}

export interface ValueCount {
  readonly value: unknown;
  readonly count: number;
}

export interface AggregateOptions {
  readonly filters?: readonly FilterInput[];
  readonly filter?: string;
  readonly scope?: FilterNode;
  /** Paths to group by (to-one paths allowed): `["station__region__name", "date__year"]`. */
  readonly group?: readonly string[];
  /** `["count:*", "sum:temp", "avg:temp", "min:date", "max:temp", "count_distinct:station"]`. */
  readonly aggregates: readonly string[];
  /** Conditions on aggregate outputs in the filter grammar: `and(count__gt=10,avg_temp__lt=0)`. */
  readonly having?: string;
  /** Any output column, `-` for descending. */
  readonly order?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

/** Options of the id-addressed writes. */
export interface WriteOptions {
  /** Told of the changed rows inside the write's transaction (the audit trail records them). */
  readonly observe?: ChangeObserver;
}

export interface DataQueries {
  listPage(model: string, options?: PageOptions): Promise<Page>;
  /** Throws CAIRN_RECORD_NOT_FOUND, also for a row outside `scope`. */
  getById(
    model: string,
    id: number,
    fields?: readonly string[],
    scope?: FilterNode,
  ): Promise<RecordRow>;
  /**
   * The same queries as another reader sees the spec: `spec` is a view of this spec in
   * which fields the reader may not see are hidden (see resolvePath).
   */
  withSpec(spec: ProjectSpec): DataQueries;
  values(model: string, path: string, options?: ValuesOptions): Promise<ValueCount[]>;
  /** Rows keyed by group paths and aggregate names (`count`, `sum_temp`, `avg_temp`...). */
  aggregate(model: string, options: AggregateOptions): Promise<RecordRow[]>;
  /** Every matching row in order, read in keyset batches: constant memory whatever the size. */
  stream(
    model: string,
    options?: ListOptions & { readonly batchSize?: number },
  ): AsyncIterable<RecordRow>;
  /**
   * Creates rows from objects holding their natural key (and scope) fields. With
   * `onConflict: "update"` existing keys are updated; otherwise an existing key is
   * CAIRN_RECORD_CONFLICT. All rows or none. Returns the stored rows in input order.
   */
  insert(
    model: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options?: WriteOptions & { readonly onConflict?: "error" | "update" },
  ): Promise<RecordRow[]>;
  /** Throws CAIRN_RECORD_NOT_FOUND. Returns the stored row. */
  updateById(
    model: string,
    id: number,
    values: Readonly<Record<string, unknown>>,
    options?: WriteOptions,
  ): Promise<RecordRow>;
  /** Throws CAIRN_RECORD_NOT_FOUND. */
  removeById(model: string, id: number, options?: WriteOptions): Promise<void>;
}
