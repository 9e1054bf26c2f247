import type { ProjectSpec } from "../../../spec/project-spec.js";
import type { Database } from "../database.js";
import { adapterFor } from "../query/adapter-for.js";
import { NO_CIPHER, type FieldCipher } from "./field-cipher.js";
import { translateDatabaseError } from "./database-errors.js";
import { countRecords, findId, getRecordById, listRecords, notFound } from "./read-records.js";
import type { ListOptions, RecordKey, RecordRow, RecordStore, SaveResult } from "./record-store.js";
import { clearRecords, removeIds } from "./remove-records.js";
import { modelOf, type StoreContext } from "./store-context.js";
import type { WriteInput } from "./pending-rows.js";
import { writeRows } from "./write-rows.js";

type FilterOnly = Pick<ListOptions, "filters" | "filter">;

class SqlRecordStore implements RecordStore {
  constructor(
    private readonly context: StoreContext,
    private readonly inTransaction: boolean,
  ) {}

  get spec(): ProjectSpec {
    return this.context.spec;
  }

  list(model: string, options: ListOptions = {}): Promise<RecordRow[]> {
    return listRecords(this.context, modelOf(this.context, model), options);
  }

  count(
    model: string,
    options: Pick<ListOptions, "filters" | "filter" | "scope"> = {},
  ): Promise<number> {
    return countRecords(this.context, modelOf(this.context, model), options);
  }

  async get(model: string, key: RecordKey): Promise<RecordRow> {
    const definition = modelOf(this.context, model);
    const id = await findId(this.context, definition, key);
    return (await getRecordById(this.context, definition, id)) ?? notFound(definition, key);
  }

  save(
    model: string,
    key: RecordKey,
    values: Readonly<Record<string, unknown>>,
  ): Promise<SaveResult> {
    return this.atomically(async (context) => {
      const definition = modelOf(context, model);
      const [outcome] = await write(context, model, [{ key, values }]);
      const row =
        outcome === undefined ? undefined : await getRecordById(context, definition, outcome.id);
      if (outcome === undefined || row === undefined) return notFound(definition, key);
      return { row, created: outcome.created };
    });
  }

  saveMany(model: string, rows: readonly WriteInput[]): Promise<number> {
    return this.atomically(async (context) => (await write(context, model, rows)).length);
  }

  remove(model: string, key: RecordKey): Promise<void> {
    return this.atomically(async (context) => {
      const definition = modelOf(context, model);
      await removeIds(context, definition, [await findId(context, definition, key)]);
    });
  }

  clear(model: string, options: FilterOnly = {}): Promise<number> {
    return this.atomically((context) => clearRecords(context, modelOf(context, model), options));
  }

  withSpec(spec: ProjectSpec): RecordStore {
    return spec === this.context.spec
      ? this
      : new SqlRecordStore({ ...this.context, spec }, this.inTransaction);
  }

  /** Nested calls reuse the open transaction, so a handler's writes commit together. */
  transaction<T>(work: (store: RecordStore) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.context.db
      .transaction()
      .execute((trx) => work(new SqlRecordStore({ ...this.context, db: trx }, true)));
  }

  /** Runs a multi-statement operation in this store's transaction, or a new one. */
  private atomically<T>(work: (context: StoreContext) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this.context);
    return this.context.db.transaction().execute((trx) => work({ ...this.context, db: trx }));
  }
}

async function write(context: StoreContext, model: string, rows: readonly WriteInput[]) {
  const definition = modelOf(context, model);
  try {
    return await writeRows(context, definition, rows);
  } catch (error) {
    throw translateDatabaseError(error, definition.name, "save");
  }
}

/** The record store over one open database and one loaded spec. */
export function createRecordStore(
  database: Database,
  spec: ProjectSpec,
  cipher: FieldCipher = NO_CIPHER,
): RecordStore {
  return new SqlRecordStore(
    { db: database.db, adapter: adapterFor(database.dialect), spec, cipher },
    false,
  );
}

/** A store inside the open transaction of `context`: its writes commit or roll back with it. */
export function transactionStore(context: StoreContext): RecordStore {
  return new SqlRecordStore(context, true);
}
