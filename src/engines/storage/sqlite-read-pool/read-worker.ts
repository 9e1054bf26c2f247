import { parentPort, workerData } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import { BUSY_TIMEOUT_MS, registerRegexp } from "../sqlite-functions.js";
import { statementCache } from "../sqlite-statement-cache.js";
import { toErrorPayload } from "./error-payload.js";
import {
  toRowsPayload,
  type FromReadWorker,
  type ReadWorkerData,
  type Row,
  type ToReadWorker,
} from "./protocol.js";

/**
 * One thread of the SQLite read pool: its own read-only connection to the database
 * file (WAL lets it read while the main connection writes), with the main connection's
 * `regexp` function and statement cache. It runs one job at a time, synchronously;
 * the pool stops a job that runs too long by terminating the thread.
 */

const port = parentPort;
if (port === null) throw new Error("the read worker runs only as a worker thread");
const send = (message: FromReadWorker) => {
  port.postMessage(message);
};

/** The stream job in progress: credits left and how to wake it when more arrive. */
interface Streaming {
  readonly job: number;
  credits: number;
  cancelled: boolean;
  wake: (() => void) | undefined;
}

let streaming: Streaming | undefined;

/** better-sqlite3 binds Buffers; bytes that crossed threads arrive as plain Uint8Arrays. */
function bindable(parameters: readonly unknown[]): unknown[] {
  return parameters.map((value) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value,
  );
}

function open(data: ReadWorkerData): (sql: string) => SqliteDatabase.Statement {
  const connection = new SqliteDatabase(data.file, { readonly: true, fileMustExist: true });
  connection.pragma(`busy_timeout = ${String(BUSY_TIMEOUT_MS)}`);
  registerRegexp(connection);
  return statementCache(connection);
}

function query(
  prepare: (sql: string) => SqliteDatabase.Statement,
  job: number,
  sql: string,
  parameters: readonly unknown[],
): void {
  try {
    const statement = prepare(sql);
    if (statement.reader) {
      send({
        kind: "rows",
        job,
        rows: toRowsPayload(statement.all(...bindable(parameters)) as Row[]),
        changes: 0,
      });
    } else {
      const { changes } = statement.run(...bindable(parameters));
      send({ kind: "rows", job, rows: { rows: [] }, changes });
    }
  } catch (error) {
    send({ kind: "error", job, error: toErrorPayload(error) });
  }
}

/** Waits for a credit or a cancel, letting this thread's message handler run meanwhile. */
function nextCredit(state: Streaming): Promise<void> {
  if (state.credits > 0 || state.cancelled) {
    // Still yield once, so a `cancel` already posted is seen between batches.
    return new Promise((resolve) => setImmediate(resolve));
  }
  return new Promise((resolve) => {
    state.wake = resolve;
  });
}

async function stream(
  prepare: (sql: string) => SqliteDatabase.Statement,
  job: number,
  sql: string,
  parameters: readonly unknown[],
  batchSize: number,
  credits: number,
): Promise<void> {
  const state: Streaming = { job, credits, cancelled: false, wake: undefined };
  streaming = state;
  try {
    const rows = prepare(sql).iterate(...bindable(parameters)) as IterableIterator<Row>;
    let batch: Row[] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length < batchSize) continue;
      send({ kind: "batch", job, rows: toRowsPayload(batch) });
      batch = [];
      state.credits--;
      await nextCredit(state);
      if (state.cancelled) break;
    }
    if (!state.cancelled && batch.length > 0)
      send({ kind: "batch", job, rows: toRowsPayload(batch) });
    send({ kind: "done", job });
  } catch (error) {
    send({ kind: "error", job, error: toErrorPayload(error) });
  } finally {
    streaming = undefined;
  }
}

try {
  const prepare = open(workerData as ReadWorkerData);
  port.on("message", (message: ToReadWorker) => {
    switch (message.kind) {
      case "query":
        query(prepare, message.job, message.sql, message.parameters);
        break;
      case "stream":
        void stream(
          prepare,
          message.job,
          message.sql,
          message.parameters,
          message.batchSize,
          message.credits,
        );
        break;
      case "more":
      case "cancel": {
        const state = streaming;
        if (state?.job !== message.job) break;
        if (message.kind === "more") state.credits++;
        else state.cancelled = true;
        const wake = state.wake;
        state.wake = undefined;
        wake?.();
        break;
      }
    }
  });
  send({ kind: "ready" });
} catch (error) {
  send({ kind: "init-failed", error: toErrorPayload(error) });
}
