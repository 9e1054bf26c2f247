import { pathOf, type HttpTransport } from "./http-transport.js";

/** A filter value: a list is sent comma-separated (for `in`, `notin` and `range`). */
export type FilterValue = string | number | boolean | readonly (string | number | boolean)[];

/** Which rows, in which order, with which fields: the query of `GET /data/<model>`. */
export interface QueryOptions {
  /** `path__op: value` filters, all of which must match: `{ name__icontains: "alp" }`. */
  readonly filters?: Readonly<Record<string, FilterValue>>;
  /** A boolean filter expression: `or(temp__gt=11,and(station=03000,temp__lt=-10))`. */
  readonly filter?: string;
  /** Fields to sort by, `-field` descending: `"-number"` or `["region", "-number"]`. */
  readonly order?: string | readonly string[];
  /** The fields of each row; paths cross relations (`station__name`). */
  readonly fields?: string | readonly string[];
  /** Stops the request. */
  readonly signal?: AbortSignal;
}

/** One page of a list. */
export interface PageOptions extends QueryOptions {
  /** Rows per page (server default 50, at most its CAIRN_MAX_PAGE_SIZE). */
  readonly limit?: number;
  readonly offset?: number;
  /** A keyset cursor, as found in a page's `next`. */
  readonly cursor?: string;
  /** How to count the matching rows; `none` is fastest (`count` is then null). */
  readonly count?: "exact" | "estimate" | "none";
}

export interface Page<Row> {
  readonly results: Row[];
  /** The number of matching rows, or null with `count: "none"`. */
  readonly count: number | null;
  /** The URL of the next page, or null on the last one. */
  readonly next: string | null;
}

/** A row as the data API answers it: fields by name, `id` included. */
export type Row = Readonly<Record<string, unknown>>;

/**
 * One model of the data API (`/data/<model>`): lists with filters, single rows by
 * `id`, and writes (which need a token allowed to edit).
 *
 * ```ts
 * const stations = client.data("station");
 * const page = await stations.list({ filters: { elevation__gt: 500 }, order: "-elevation" });
 * for await (const row of stations.all({ fields: ["number", "name"] })) console.log(row);
 * ```
 */
export class DataModel<T extends object = Row> {
  constructor(
    private readonly transport: HttpTransport,
    /** The model's name. */
    readonly model: string,
  ) {}

  /** One page of the rows matching the options. */
  async list(options: PageOptions = {}): Promise<Page<T>> {
    const url = this.transport.url(pathOf("data", this.model), listQuery(options));
    return (await this.transport.json(url, { signal: options.signal })) as Page<T>;
  }

  /**
   * Every matching row, page after page (following each page's `next`), fetched as the
   * iteration goes; `limit` sets the page size.
   */
  async *all(options: Omit<PageOptions, "cursor" | "offset"> = {}): AsyncGenerator<T> {
    let page = await this.list({ count: "none", ...options });
    for (;;) {
      yield* page.results;
      if (page.next === null) return;
      const url = this.transport.serverUrl(page.next);
      page = (await this.transport.json(url, { signal: options.signal })) as Page<T>;
    }
  }

  /** One row by its `id`; rejects with CAIRN_RECORD_NOT_FOUND (404) when there is none. */
  async get(
    id: number,
    options: { readonly fields?: string | readonly string[]; readonly signal?: AbortSignal } = {},
  ): Promise<T> {
    const query = new URLSearchParams();
    if (options.fields !== undefined) query.set("fields", commaList(options.fields));
    const url = this.transport.url(pathOf("data", this.model, id), query);
    return (await this.transport.json(url, { signal: options.signal })) as T;
  }

  /**
   * Creates a row from an object holding its natural key (and scope), or many rows
   * from an array, all or none. A natural key that exists is refused with
   * CAIRN_RECORD_CONFLICT (409) unless `onConflict: "update"` updates that row instead.
   * Resolves with the stored row (rows), `id` included.
   */
  save(values: Partial<T>, options?: SaveOptions): Promise<T>;
  save(values: readonly Partial<T>[], options?: SaveOptions): Promise<T[]>;
  async save(
    values: Partial<T> | readonly Partial<T>[],
    options: SaveOptions = {},
  ): Promise<T | T[]> {
    const query = new URLSearchParams();
    if (options.onConflict !== undefined) query.set("on_conflict", options.onConflict);
    const url = this.transport.url(pathOf("data", this.model), query);
    const stored = await this.transport.json(url, {
      method: "POST",
      json: values,
      signal: options.signal,
    });
    return Array.isArray(values) ? (stored as { results: T[] }).results : (stored as T);
  }

  /** Changes the given fields of one row; resolves with the stored row. */
  async update(
    id: number,
    changes: Partial<T>,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<T> {
    const url = this.transport.url(pathOf("data", this.model, id));
    return (await this.transport.json(url, {
      method: "PATCH",
      json: changes,
      signal: options.signal,
    })) as T;
  }

  /** Removes one row (and what its relations' `on_delete` says). */
  async remove(id: number, options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    const url = this.transport.url(pathOf("data", this.model, id));
    await this.transport.json(url, { method: "DELETE", signal: options.signal });
  }
}

export interface SaveOptions {
  /** `error` (default) refuses an existing natural key; `update` updates that row. */
  readonly onConflict?: "error" | "update";
  readonly signal?: AbortSignal;
}

/** The query string of a list. */
export function listQuery(options: PageOptions): URLSearchParams {
  const query = new URLSearchParams();
  for (const [path, value] of Object.entries(options.filters ?? {})) {
    query.append(path, filterText(value));
  }
  if (options.filter !== undefined) query.set("filter", options.filter);
  if (options.order !== undefined) query.set("order", commaList(options.order));
  if (options.fields !== undefined) query.set("fields", commaList(options.fields));
  for (const name of ["limit", "offset", "cursor", "count"] as const) {
    const value = options[name];
    if (value !== undefined) query.set(name, String(value));
  }
  return query;
}

function filterText(value: FilterValue): string {
  return typeof value === "object" ? value.map(String).join(",") : String(value);
}

function commaList(value: string | readonly string[]): string {
  return typeof value === "string" ? value : value.join(",");
}
