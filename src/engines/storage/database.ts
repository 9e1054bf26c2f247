import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  Kysely,
  MysqlDialect,
  PostgresDialect,
  SqliteDialect,
  type ExpressionBuilder,
} from "kysely";
import { createPool as createMysqlPool, type PoolConnection } from "mysql2";
import pg from "pg";
import { DatabaseUnavailable, DatabaseUrlInvalid } from "../../foundations/error-codes.js";
import { BUSY_TIMEOUT_MS, registerRegexp } from "./sqlite-functions.js";
import { cachingStatements } from "./sqlite-statement-cache.js";
import { readPoolKysely, SqliteReadPool } from "./sqlite-read-pool/index.js";

export type DialectName = "sqlite" | "postgres" | "mysql";

/**
 * Tables come from the spec at run time, so queries are typed loosely here and
 * checked against the spec by the query binder instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DynamicDatabase = any;

/** What a callback given to `select` or `returning` on `table` builds its expressions with. */
export type TableExpressions<Table extends string> = ExpressionBuilder<DynamicDatabase, Table>;

/** An open connection pool on one backend. */
export interface Database {
  readonly dialect: DialectName;
  readonly db: Kysely<DynamicDatabase>;
  /** The URL with any password replaced by `***`, for messages. */
  readonly displayUrl: string;
  /** The statement time limit every connection of the pool has, when opened with one. */
  readonly statementTimeoutMs?: number;
  /**
   * SQLite opened with `readThreads`: a Kysely instance for reads only, run on the
   * read pool's threads, each statement stopped past `ms` (CAIRN_QUERY_TIMEOUT once the
   * data API translates it). Writes and transactions stay on `db`.
   */
  readonly limitedReads?: (ms: number) => Kysely<DynamicDatabase>;
  close(): Promise<void>;
}

export interface ParsedDatabaseUrl {
  readonly dialect: DialectName;
  /** SQLite: the file path (or `:memory:`); others: the URL itself. */
  readonly target: string;
}

export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (file === "") throw badUrl(url);
    return { dialect: "sqlite", target: file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: "postgres", target: url };
  if (/^(mysql|mariadb):\/\//.test(url)) {
    return { dialect: "mysql", target: url.replace(/^mariadb:/, "mysql:") };
  }
  throw badUrl(url);
}

function badUrl(url: string) {
  return DatabaseUrlInvalid.create(`cannot use database URL '${redactUrl(url)}'`, {
    hint: "Use sqlite:PATH, postgres://user@host:5432/db or mysql://user@host:3306/db.",
  });
}

export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/** PostgreSQL types returned as strings so values keep full precision and no time zone shift. */
const PG_TEXT_TYPES = [20, 1082, 1083, 1114, 1184, 1700, 1266] as const;

function pgTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  for (const oid of PG_TEXT_TYPES) types.setTypeParser(oid, (value: string) => value);
  return types;
}

function createSqlite(file: string): Kysely<DynamicDatabase> {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const connection = new SqliteDatabase(file);
  connection.pragma("journal_mode = WAL");
  connection.pragma("foreign_keys = ON");
  connection.pragma(`busy_timeout = ${String(BUSY_TIMEOUT_MS)}`);
  connection.pragma("synchronous = NORMAL");
  registerRegexp(connection);
  return new Kysely({ dialect: new SqliteDialect({ database: cachingStatements(connection) }) });
}

function createPostgres(url: string, options: DatabaseOptions): Kysely<DynamicDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes(),
    ...(options.statementTimeoutMs === undefined
      ? {}
      : { statement_timeout: options.statementTimeoutMs }),
  });
  // An idle connection the server drops (a restart, a terminated backend) makes the pool
  // emit `error`; unhandled, that would crash the process. The pool discards the client
  // and the next query opens a new one, so there is nothing else to do here.
  pool.on("error", () => undefined);
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Sets the statement limit on each new connection, before anything else runs on it:
 * MariaDB's `max_statement_time` (seconds), else MySQL's `max_execution_time` (ms).
 */
function limitMysqlStatements(connection: PoolConnection, ms: number): void {
  connection.query("SET SESSION max_statement_time = ?", [ms / 1000], (error) => {
    if (error !== null)
      connection.query("SET SESSION max_execution_time = ?", [ms], () => undefined);
  });
}

function createMysql(url: string, options: DatabaseOptions): Kysely<DynamicDatabase> {
  const pool = createMysqlPool({
    uri: url,
    connectionLimit: 10,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    timezone: "Z",
    charset: "utf8mb4",
    multipleStatements: false,
  });
  const ms = options.statementTimeoutMs;
  if (ms !== undefined) {
    pool.on("connection", (connection) => {
      limitMysqlStatements(connection, ms);
    });
  }
  return new Kysely({ dialect: new MysqlDialect({ pool }) });
}

export interface DatabaseOptions {
  /**
   * A time limit for every statement on this pool's connections (PostgreSQL
   * `statement_timeout`, MariaDB `max_statement_time`, MySQL `max_execution_time`).
   * Set once per connection, so a limited read costs no extra round trip. SQLite
   * cannot interrupt a statement and ignores it (see `readThreads`).
   */
  readonly statementTimeoutMs?: number;
  /**
   * SQLite only: run reads through `limitedReads` on this many worker threads, each
   * with its own read-only connection, where a statement past its limit is stopped by
   * terminating its thread. Ignored for `:memory:` (threads cannot share it).
   */
  readonly readThreads?: number;
}

/** Opens a pool and checks it answers, so a bad URL fails here and not mid-command. */
export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  const parsed = parseDatabaseUrl(url);
  const displayUrl = redactUrl(url);
  let db: Kysely<DynamicDatabase>;
  try {
    switch (parsed.dialect) {
      case "sqlite":
        db = createSqlite(parsed.target);
        break;
      case "postgres":
        db = createPostgres(parsed.target, options);
        break;
      case "mysql":
        db = createMysql(parsed.target, options);
        break;
    }
    await db.selectNoFrom((eb) => eb.lit(1).as("ok")).execute();
  } catch (cause) {
    throw DatabaseUnavailable.create(
      `cannot connect to ${displayUrl}: ${(cause as Error).message}`,
      {
        hint: "Check that the database server runs and CAIRN_DATABASE_URL is right.",
        cause,
      },
    );
  }
  const limited = parsed.dialect === "sqlite" ? undefined : options.statementTimeoutMs;
  const threads = options.readThreads ?? 0;
  const readPool =
    parsed.dialect === "sqlite" && parsed.target !== ":memory:" && threads > 0
      ? new SqliteReadPool(parsed.target, threads)
      : undefined;
  return {
    dialect: parsed.dialect,
    db,
    displayUrl,
    ...(limited === undefined ? {} : { statementTimeoutMs: limited }),
    ...(readPool === undefined ? {} : { limitedReads: limitedReads(readPool) }),
    close: async () => {
      await readPool?.close();
      await db.destroy();
    },
  };
}

/** One Kysely instance per time limit over the same read pool. */
function limitedReads(pool: SqliteReadPool): (ms: number) => Kysely<DynamicDatabase> {
  const byLimit = new Map<number, Kysely<DynamicDatabase>>();
  return (ms) => {
    let reads = byLimit.get(ms);
    if (reads === undefined) {
      reads = readPoolKysely<DynamicDatabase>(pool, ms);
      byLimit.set(ms, reads);
    }
    return reads;
  };
}
