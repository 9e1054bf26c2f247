import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from "kysely";
import type { SqliteReadPool } from "./read-pool.js";

/** Rows per batch when a stream is asked for no chunk size. */
const DEFAULT_STREAM_BATCH = 500;

/** Every statement goes to a free thread of the pool; there is no session to keep. */
class ReadPoolConnection implements DatabaseConnection {
  constructor(
    private readonly pool: SqliteReadPool,
    private readonly timeoutMs: number,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, changes } = await this.pool.query(
      compiled.sql,
      compiled.parameters,
      this.timeoutMs,
    );
    return changes > 0
      ? { rows: rows as R[], numAffectedRows: BigInt(changes) }
      : { rows: rows as R[] };
  }

  async *streamQuery<R>(
    compiled: CompiledQuery,
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    const batch = chunkSize !== undefined && chunkSize > 0 ? chunkSize : DEFAULT_STREAM_BATCH;
    for await (const rows of this.pool.stream(
      compiled.sql,
      compiled.parameters,
      batch,
      this.timeoutMs,
    )) {
      yield { rows: rows as R[] };
    }
  }
}

function noTransactions(): Error {
  return new Error(
    "the SQLite read pool runs single reads; transactions stay on the main connection",
  );
}

class ReadPoolDriver implements Driver {
  readonly #connection: ReadPoolConnection;

  constructor(pool: SqliteReadPool, timeoutMs: number) {
    this.#connection = new ReadPoolConnection(pool, timeoutMs);
  }

  init = (): Promise<void> => Promise.resolve();
  acquireConnection = (): Promise<DatabaseConnection> => Promise.resolve(this.#connection);
  beginTransaction = (): Promise<void> => Promise.reject(noTransactions());
  commitTransaction = (): Promise<void> => Promise.reject(noTransactions());
  rollbackTransaction = (): Promise<void> => Promise.reject(noTransactions());
  releaseConnection = (): Promise<void> => Promise.resolve();
  /** The pool belongs to the database that opened it and closes with it. */
  destroy = (): Promise<void> => Promise.resolve();
}

/**
 * A Kysely instance whose queries run on the read pool, each stopped past
 * `timeoutMs`: Kysely's own SQLite adapter, compiler and introspector over a driver
 * that posts `{sql, parameters}` to a thread and gets rows back.
 */
export function readPoolKysely<DB>(pool: SqliteReadPool, timeoutMs: number): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ReadPoolDriver(pool, timeoutMs),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}
