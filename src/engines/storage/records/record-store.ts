import type { FilterNode } from "../query/filter-node.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";

/**
 * Reading and writing model rows by the spec: the one path every face and handler
 * takes to data, so validation, key lookups and relation handling live in one place.
 */

/** A row as faces show it: JSON-ready values, relations as the related natural keys. */
export type RecordRow = Readonly<Record<string, unknown>>;

/** One `path__op=value` filter as given (value raw: a string from a CLI or URL, or JSON). */
export interface FilterInput {
  readonly path: string;
  readonly value: unknown;
}

export interface ListOptions {
  /** ANDed `path__op=value` filters. */
  readonly filters?: readonly FilterInput[];
  /** A boolean expression in the `filter=` grammar: `or(a__gt=1,and(b=2,not(c__isnull=true)))`. */
  readonly filter?: string;
  /** Row-level access: only rows matching it exist for this reader (see FilterOptions). */
  readonly scope?: FilterNode;
  /** `["-date", "station__name"]`; default: the model's `ordering`, then `id`. */
  readonly order?: readonly string[];
  /** Fields and related paths to return (`["name", "station__number"]`); default: all visible fields. */
  readonly fields?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

/** A natural key: the key value, plus the scope relations' keys for scoped models. */
export interface RecordKey {
  readonly key: string;
  /** Scope relation name -> the related row's natural key (`{ station: "03005" }`). */
  readonly scope?: Readonly<Record<string, string>>;
}

export interface SaveResult {
  readonly row: RecordRow;
  readonly created: boolean;
}

export interface RecordStore {
  readonly spec: ProjectSpec;
  list(model: string, options?: ListOptions): Promise<RecordRow[]>;
  count(
    model: string,
    options?: Pick<ListOptions, "filters" | "filter" | "scope">,
  ): Promise<number>;
  /** Throws CAIRN_RECORD_NOT_FOUND when no row has the key. */
  get(model: string, key: RecordKey): Promise<RecordRow>;
  /**
   * Creates or updates the row with this natural key. `values` are raw (strings from
   * the CLI or JSON); relations are given by the related natural key (lists for
   * many-to-many). Validates every value; throws CAIRN_RECORD_INVALID naming the field.
   */
  save(
    model: string,
    key: RecordKey,
    values: Readonly<Record<string, unknown>>,
  ): Promise<SaveResult>;
  /** Saves many rows in one transaction; all or nothing. Fast path for bulk loads. */
  saveMany(
    model: string,
    rows: readonly {
      readonly key: RecordKey;
      readonly values: Readonly<Record<string, unknown>>;
    }[],
  ): Promise<number>;
  /** Throws CAIRN_RECORD_NOT_FOUND when no row has the key. */
  remove(model: string, key: RecordKey): Promise<void>;
  /** Removes every row matching the filters; returns how many. */
  clear(model: string, options?: Pick<ListOptions, "filters" | "filter">): Promise<number>;
  /**
   * This store (and its transaction) over a view of its spec in which some fields are
   * hidden: what one reader may see (see resolvePath).
   */
  withSpec(spec: ProjectSpec): RecordStore;
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (store: RecordStore) => Promise<T>): Promise<T>;
}
