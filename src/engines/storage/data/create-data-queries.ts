import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { Database } from "../database.js";
import type {
  AggregateOptions,
  DataQueries,
  Page,
  PageOptions,
  ValueCount,
  ValuesOptions,
} from "../records/data-queries.js";
import type { ListOptions, RecordRow } from "../records/record-store.js";
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

  async getById(model: string, id: number, fields?: readonly string[]): Promise<RecordRow> {
    return await getById(this.context, modelOf(this.context, model), id, fields);
  }

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
    options: { readonly onConflict?: "error" | "update" } = {},
  ): Promise<RecordRow[]> {
    const definition = modelOf(this.context, model);
    return await insertRows(this.context, definition, rows, options.onConflict ?? "error");
  }

  async updateById(model: string, id: number, values: Values): Promise<RecordRow> {
    return await updateById(this.context, modelOf(this.context, model), id, values);
  }

  async removeById(model: string, id: number): Promise<void> {
    await removeById(this.context, modelOf(this.context, model), id);
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
    // A pool opened with a limit no looser than ours needs no per-read wrapper.
    dialect:
      pooled !== undefined && pooled <= resolved.queryTimeoutMs
        ? sessionLimited(dialect, pooled)
        : dialect,
    limits: resolved,
    pages: new CompiledPages(),
  });
}
