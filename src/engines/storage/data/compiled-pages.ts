import type { CompiledQuery } from "kysely";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { FieldsPlan } from "../query/compile-fields.js";
import type { ListQueryOptions } from "../query/compile-list-query.js";
import type { OrderTerm } from "../query/compile-order.js";
import type { StoreContext } from "../records/store-context.js";
import { compileKeysetQuery, type SeekFrom } from "./keyset-query.js";

/** A keyset query compiled to SQL and parameters, with the plans that read its rows. */
export interface CompiledPage {
  readonly compiled: CompiledQuery;
  readonly fields: FieldsPlan;
  readonly order: readonly OrderTerm[];
  /** Where each order term's value is in a row (see compileKeysetQuery). */
  readonly keys: readonly string[];
}

/** Distinct requests kept; a page of an often-read list is asked for again and again. */
const CACHE_SIZE = 256;

/** Plain query-string values only: anything else is compiled afresh every time. */
function plain(value: unknown): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean") return true;
  return Array.isArray(value) && value.every((item) => plain(item));
}

/**
 * Compiled keyset queries by request: building and compiling a page's query with Kysely
 * costs about as much as SQLite takes to read a 50-row page, and the same request
 * (same model, filters and values, order, fields, limit, offset and cursor) always
 * compiles to the same SQL and parameters, since the spec is frozen. Least recently
 * used out first. Requests whose values are not plain JSON scalars are not kept.
 */
export class CompiledPages {
  readonly #entries = new Map<string, CompiledPage>();

  constructor(private readonly size = CACHE_SIZE) {}

  /** The keyset query (compileKeysetQuery) for this request, compiled once. */
  compile(
    context: StoreContext,
    model: ModelDefinition,
    options: ListQueryOptions,
    from: SeekFrom,
  ): CompiledPage {
    const compile = (): CompiledPage => {
      const { query, fields, order, keys } = compileKeysetQuery(context, model, options, from);
      return { compiled: query.compile(), fields, order, keys };
    };
    // Filters on searchable fields bind hashes under each key, so the keys are part of it.
    const key = keyOf(model, options, from, context.cipher.keyIds());
    if (key === undefined) return compile();
    const kept = this.#entries.get(key);
    if (kept !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return kept;
    }
    const page = compile();
    this.#entries.set(key, page);
    if (this.#entries.size > this.size) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return page;
  }
}

function keyOf(
  model: ModelDefinition,
  options: ListQueryOptions,
  from: SeekFrom,
  keyIds: readonly string[],
): string | undefined {
  const filters = options.filters ?? [];
  if (!filters.every((filter) => plain(filter.value))) return undefined;
  return JSON.stringify([
    model.name,
    filters.map((filter) => [filter.path, filter.value]),
    options.filter ?? null,
    options.scope ?? null,
    options.order ?? null,
    options.fields ?? null,
    options.limit ?? null,
    options.offset ?? null,
    from?.cursor ?? null,
    keyIds,
  ]);
}
