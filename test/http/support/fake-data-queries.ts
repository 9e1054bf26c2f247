import type {
  AggregateOptions,
  DataQueries,
  Page,
  PageOptions,
  ValueCount,
  ValuesOptions,
} from "../../../src/engines/storage/records/data-queries.js";
import type { ListOptions, RecordRow } from "../../../src/engines/storage/records/record-store.js";

export interface FakeCall {
  readonly method: keyof DataQueries;
  readonly model: string;
  readonly args: readonly unknown[];
}

/**
 * DataQueries that record every call and answer what the test set, so route tests
 * check HTTP translation without a database.
 */
export class FakeDataQueries implements DataQueries {
  readonly calls: FakeCall[] = [];
  page: Page = { rows: [], count: 0, more: false };
  rows: RecordRow[] = [];
  valueCounts: ValueCount[] = [];
  failure: Error | undefined = undefined;

  private record(method: keyof DataQueries, model: string, ...args: unknown[]): void {
    this.calls.push({ method, model, args });
    if (this.failure !== undefined) throw this.failure;
  }

  /** One fake answers for every view of the spec. */
  withSpec(): DataQueries {
    return this;
  }

  last(): FakeCall {
    const call = this.calls.at(-1);
    if (call === undefined) throw new Error("no call");
    return call;
  }

  listPage(model: string, options?: PageOptions): Promise<Page> {
    return this.answer(() => this.page, "listPage", model, options);
  }

  getById(model: string, id: number, fields?: readonly string[]): Promise<RecordRow> {
    return this.answer(() => this.rows[0] ?? { id }, "getById", model, id, fields);
  }

  values(model: string, path: string, options?: ValuesOptions): Promise<ValueCount[]> {
    return this.answer(() => this.valueCounts, "values", model, path, options);
  }

  aggregate(model: string, options: AggregateOptions): Promise<RecordRow[]> {
    return this.answer(() => this.rows, "aggregate", model, options);
  }

  async *stream(model: string, options?: ListOptions): AsyncIterable<RecordRow> {
    this.record("stream", model, options);
    await Promise.resolve();
    yield* this.rows;
  }

  insert(
    model: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options?: { readonly onConflict?: "error" | "update" },
  ): Promise<RecordRow[]> {
    return this.answer(
      () => rows.map((row, i) => ({ id: i + 1, ...row })),
      "insert",
      model,
      rows,
      options,
    );
  }

  updateById(model: string, id: number, values: Readonly<Record<string, unknown>>) {
    return this.answer(() => ({ id, ...values }), "updateById", model, id, values);
  }

  removeById(model: string, id: number): Promise<void> {
    return this.answer(() => undefined, "removeById", model, id);
  }

  private answer<T>(
    value: () => T,
    method: keyof DataQueries,
    model: string,
    ...args: unknown[]
  ): Promise<T> {
    try {
      this.record(method, model, ...args);
      return Promise.resolve(value());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
