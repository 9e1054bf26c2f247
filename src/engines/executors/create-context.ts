import type { MessageBody, TextMessageType } from "../../foundations/message.js";
import type { RecordStore } from "../storage/records/record-store.js";
import type { CommandContext } from "./handler-context.js";
import { createModelAccess, readConfig } from "./model-access.js";

export interface ContextSources {
  readonly execution: string;
  readonly user: string;
  readonly signal: AbortSignal;
  /** The store of the command's one transaction. */
  readonly store: RecordStore;
  /** Delivers one message; the receiver assigns `seq` and `time`. */
  emit(body: MessageBody): void;
  run(command: string, parameters: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** Called before each model write (the isolate reports a possible SQLite write lock). */
  beforeWrite?: () => void;
  /** Called with each secret config value the handler reads, so the run's output hides it. */
  revealed?: (value: unknown) => void;
}

/**
 * Data and table values are stored as JSON, so they are made JSON here: what a reader
 * sees live is what a replay shows (dates become ISO strings, functions vanish).
 */
function asJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Builds the context of one run; shared by isolates and in-process built-ins. */
export function createContext(sources: ContextSources): CommandContext {
  const text = (type: TextMessageType) => (message: string) => {
    sources.emit({ type, text: message });
  };
  return {
    execution: sources.execution,
    user: { name: sources.user },
    signal: sources.signal,
    info: text("info"),
    notice: text("notice"),
    success: text("success"),
    warning: text("warning"),
    error: text("error"),
    data(value) {
      sources.emit({ type: "data", value: asJson(value) });
    },
    table(rows, columns) {
      sources.emit({
        type: "table",
        rows: asJson(rows) as Record<string, unknown>[],
        ...(columns === undefined ? {} : { columns: [...columns] }),
      });
    },
    progress(done, total, label) {
      sources.emit({ type: "progress", done, total, ...(label === undefined ? {} : { label }) });
    },
    model: (name) => createModelAccess(sources.store, name, sources.beforeWrite),
    async config(name) {
      const { value, secret } = await readConfig(sources.store, name);
      if (secret) sources.revealed?.(value);
      return value;
    },
    run: (command, parameters = {}) => sources.run(command, parameters),
  };
}
