import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { FilterNode } from "../query/filter-node.js";
import type { Database } from "../database.js";
import type {
  AggregateOptions,
  DataQueries,
  Page,
  PageOptions,
  ValueCount,
  ValuesOptions,
  WriteOptions,
} from "../records/data-queries.js";
import type { ListOptions, RecordRow } from "../records/record-store.js";
import { NO_CIPHER, type FieldCipher } from "../records/field-cipher.js";
import { modelOf } from "../records/store-context.js";
import { adapterFor } from "../query/adapter-for.js";
import { CompiledPages } from "./compiled-pages.js";
import type { DataContext } from "./data-context.js";
import { sessionLimited } from "./data-dialect.js";
import { dataDialectFor } from "./data-dialect-for.js";
import { resolveLimits, type DataLimits } from "./data-limits.js";
import { distinctValues } from "./distinct-values.js";
import { getById, listPage } from "./list-page.js";
import { runAggregate } from "./run-aggregate.js";
import { sqliteThreadedDataDialect } from "./sqlite-data-dialect.js";
import { streamRows } from "./stream-rows.js";
import { insertRows, removeById, updateById } from "./write-by-id.js";

type Values = Readonly<Record<string, unknown>>;

class SqlDataQueries implements DataQueries {
  constructor(private readonly context: DataContext) {}

  async listPage(model: string, options: PageOptions = {}): Promise<Page> {
    return await listPage(this.context, modelOf(this.context, model), options);
  }

  async getById(
    model: string,
    id: number,
    fields?: readonly string[],
    scope?: FilterNode,
  ): Promise<RecordRow> {
    return await getById(this.context, modelOf(this.context, model), id, fields, scope);
  }

  withSpec(spec: ProjectSpec): DataQueries {
    if (spec === this.context.spec) return this;
    let queries = this.#views.get(spec);
    if (queries === undefined) {
      queries = new SqlDataQueries({ ...this.context, spec, pages: new CompiledPages() });
      this.#views.set(spec, queries);
    }
    return queries;
  }

  /** Queries over views of the spec, each with its own compiled pages (see withSpec). */
  readonly #views = new WeakMap<ProjectSpec, DataQueries>();

  async values(model: string, path: string, options: ValuesOptions = {}): Promise<ValueCount[]> {
    return await distinctValues(this.context, modelOf(this.context, model), path, options);
  }

  async aggregate(model: string, options: AggregateOptions): Promise<RecordRow[]> {
    return await runAggregate(this.context, modelOf(this.context, model), options);
  }

  stream(
    model: string,
    options: ListOptions & { readonly batchSize?: number } = {},
  ): AsyncIterable<RecordRow> {
    return streamRows(this.context, modelOf(this.context, model), options);
  }

  async insert(
    model: string,
    rows: readonly Values[],
    options: WriteOptions & { readonly onConflict?: "error" | "update" } = {},
  ): Promise<RecordRow[]> {
    const definition = modelOf(this.context, model);
    const onConflict = options.onConflict ?? "error";
    return await insertRows(this.context, definition, rows, onConflict, options.observe);
  }

  async updateById(
    model: string,
    id: number,
    values: Values,
    options: WriteOptions = {},
  ): Promise<RecordRow> {
    const definition = modelOf(this.context, model);
    return await updateById(this.context, definition, id, values, options.observe);
  }

  async removeById(model: string, id: number, options: WriteOptions = {}): Promise<void> {
    await removeById(this.context, modelOf(this.context, model), id, options.observe);
  }
}

/**
 * The data API's queries over one open database and one loaded spec, under `limits`
 * (filter nesting depth, query time). A SQLite database opened with `readThreads`
 * reads on its read pool, where the time limit is enforced too.
 */
export function createDataQueries(
  database: Database,
  spec: ProjectSpec,
  limits?: DataLimits,
  cipher: FieldCipher = NO_CIPHER,
): DataQueries {
  const resolved = resolveLimits(limits);
  const reads = database.limitedReads;
  const dialect =
    reads === undefined ? dataDialectFor(database.dialect) : sqliteThreadedDataDialect(reads);
  const pooled = database.statementTimeoutMs;
  return new SqlDataQueries({
    db: database.db,
    adapter: adapterFor(database.dialect),
    spec,
    cipher,
    // A pool opened with a limit no looser than ours needs no per-read wrapper.
    dialect:
      pooled !== undefined && pooled <= resolved.queryTimeoutMs
        ? sessionLimited(dialect, pooled)
        : dialect,
    limits: resolved,
    pages: new CompiledPages(),
  });
}
