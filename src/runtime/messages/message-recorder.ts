import type { Message } from "../../foundations/message.js";
import type { ExecutionTable } from "../execution/execution-table.js";
import { retryWhileBusy } from "./is-busy-error.js";

export interface RecorderOptions {
  readonly table: ExecutionTable;
  readonly execution: string;
  /** Rows per insert and the most messages waiting before a write starts. */
  readonly batchSize?: number;
  /** Longest wait before waiting messages are written. */
  readonly intervalMs?: number;
  /**
   * SQLite has one writer: while a handler holds uncommitted writes, a write here would
   * block the event loop for the busy timeout. The gate answers a promise to wait on
   * then (see IsolatePool.whenNoWriters), or undefined when writing is safe.
   */
  readonly gate?: () => Promise<void> | undefined;
  /** Messages recorded (or knowingly deferred behind the gate) so far. */
  readonly onSettled?: (count: number) => void;
  /**
   * Messages stored so far: followers read those from the database. After a failed
   * write nothing more will be stored, and every message added is reported as done.
   */
  readonly onStored?: (count: number) => void;
}

/**
 * Stores an execution's messages in `execution_message` in batches (every `batchSize`
 * messages or `intervalMs`, and at the end), never one insert per message. Writes go
 * through the root connection, outside any command transaction, so they survive rollbacks.
 */
export class MessageRecorder {
  readonly #options: RecorderOptions;
  readonly #batchSize: number;
  #pending: Message[] = [];
  #added = 0;
  #recorded = 0;
  #settled = 0;
  #gated = false;
  /** Set by finish: writes in flight complete, but no new batch starts. */
  #finishing = false;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #failure: unknown;

  constructor(options: RecorderOptions) {
    this.#options = options;
    this.#batchSize = options.batchSize ?? 100;
  }

  /** The first error that stopped recording, if any (the run itself goes on). */
  get failure(): unknown {
    return this.#failure;
  }

  add(message: Message): void {
    this.#added += 1;
    if (this.#failure !== undefined) {
      this.#options.onStored?.(this.#added);
      this.#settle(this.#added);
      return;
    }
    this.#pending.push(message);
    if (this.#gated) this.#settle(this.#added);
    if (this.#pending.length >= this.#batchSize) this.#kick();
    else
      this.#timer ??= setTimeout(() => {
        this.#kick();
      }, this.#options.intervalMs ?? 200).unref();
  }

  /** Writes everything still waiting; resolves when it is stored (or recording failed). */
  async close(): Promise<void> {
    this.#kick();
    while (this.#draining !== undefined) await this.#draining;
  }

  /**
   * Ends recording together with the execution's end: waits for the writes in flight,
   * then hands the messages still waiting to `write`, which stores them with the end
   * (one statement where the backend allows, see ExecutionTable.end), and counts them
   * stored once it is done. When they cannot go with it (a gated SQLite writer, a failed
   * recorder, more than a batch) they are written first, as `close` does, and `write`
   * gets none. A failed `write` loses them as a failed batch does: reported done.
   */
  async finish<T>(write: (messages: readonly Message[]) => Promise<T>): Promise<T> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#finishing = true;
    while (this.#draining !== undefined) await this.#draining;
    this.#finishing = false;
    const handOver =
      this.#failure === undefined &&
      this.#pending.length <= this.#batchSize &&
      this.#options.gate?.() === undefined;
    if (!handOver) {
      await this.close();
      return write([]);
    }
    const taken = this.#pending;
    this.#pending = [];
    try {
      return await write(taken);
    } finally {
      this.#recorded += taken.length;
      this.#options.onStored?.(this.#added);
      this.#settle(this.#added);
    }
  }

  #kick(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
      if (this.#pending.length > 0 && this.#failure === undefined && !this.#finishing) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0 && this.#failure === undefined && !this.#finishing) {
      const wait = this.#options.gate?.();
      if (wait !== undefined) {
        this.#gated = true;
        this.#settle(this.#added);
        await wait;
        this.#gated = false;
        continue;
      }
      const batch = this.#pending.slice(0, this.#batchSize);
      try {
        await retryWhileBusy(() => this.#write(batch));
        this.#pending = this.#pending.slice(batch.length);
        this.#recorded += batch.length;
        this.#options.onStored?.(this.#recorded);
        this.#settle(this.#recorded);
      } catch (error) {
        this.#failure = error;
        this.#pending = [];
        this.#options.onStored?.(this.#added);
        this.#settle(this.#added);
        process.emitWarning(
          `cannot record messages of execution ${this.#options.execution}: ${(error as Error).message}`,
        );
      }
    }
  }

  async #write(batch: readonly Message[]): Promise<void> {
    await this.#options.table.append(this.#options.execution, batch);
  }

  #settle(count: number): void {
    if (count <= this.#settled) return;
    this.#settled = count;
    this.#options.onSettled?.(count);
  }
}
