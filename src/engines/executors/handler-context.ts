import type { ListOptions, RecordKey, RecordRow } from "../storage/records/record-store.js";

/**
 * What a handler receives as its first argument (DESIGN.md section 4). The executor
 * implements it, so it is defined here; the runtime re-exports it as `CommandContext`
 * and handler authors get it through `cairn/context`. Built-in commands get the same
 * shape in-process.
 */
export interface CommandContext {
  /** The execution id. */
  readonly execution: string;
  /** The user the command runs as. */
  readonly user: { readonly name: string };
  /** Fires on abort (Ctrl-C, API abort, client disconnect of an interruptible command) and on timeout. */
  readonly signal: AbortSignal;

  info(text: string): void;
  notice(text: string): void;
  success(text: string): void;
  warning(text: string): void;
  error(text: string): void;
  data(value: unknown): void;
  table(rows: readonly Readonly<Record<string, unknown>>[], columns?: readonly string[]): void;
  progress(done: number, total: number, label?: string): void;

  /** Reads and writes model rows; writes join the command's one transaction. */
  model(name: string): ModelAccess;
  /** A config value saved with `cairn config save NAME value=...`, or undefined. */
  config(name: string): Promise<unknown>;
  /** Runs another command as its own execution (origin `command`) and returns its result. */
  run(command: string, parameters?: Readonly<Record<string, unknown>>): Promise<unknown>;
}

/** Model access for handlers: keys may be given as a plain string for unscoped models. */
export interface ModelAccess {
  list(options?: ListOptions): Promise<RecordRow[]>;
  count(options?: Pick<ListOptions, "filters" | "filter">): Promise<number>;
  get(key: string | RecordKey): Promise<RecordRow>;
  save(key: string | RecordKey, values: Readonly<Record<string, unknown>>): Promise<RecordRow>;
  saveMany(
    rows: readonly {
      readonly key: string | RecordKey;
      readonly values: Readonly<Record<string, unknown>>;
    }[],
  ): Promise<number>;
  remove(key: string | RecordKey): Promise<void>;
}
