import { createContext } from "../../engines/executors/create-context.js";
import { toErrorPayload } from "../../engines/executors/error-payload.js";
import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { ExecutionAborted, HandlerFailed } from "../../foundations/error-codes.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import {
  BUILTIN_COMMANDS,
  SCHEMA_COMMANDS,
  SELF_COMMITTING_COMMANDS,
} from "../builtins/registry.js";
import { loadPrincipal } from "../access/load-principal.js";
import type { ResolvedParameters } from "../parameters/resolve-parameters.js";
import type { RuntimeParts } from "../runtime-parts.js";
import type { Execution } from "./execution.js";

export interface InProcessRun {
  readonly command: CommandDefinition;
  readonly parameters: ResolvedParameters;
  readonly execution: Execution;
  readonly user: string;
  readonly signal: AbortSignal;
  readonly run: (
    command: string,
    parameters: Readonly<Record<string, unknown>>,
  ) => Promise<unknown>;
}

/**
 * Runs a built-in command in-process, inside one transaction of the root store. Schema
 * commands manage their own transactions (MariaDB's DDL commits on its own), as does the
 * retention purge, and so get the root store; after a schema command the schema is
 * checked again.
 */
export async function runBuiltin(parts: RuntimeParts, run: InProcessRun): Promise<JobOutcome> {
  const name = run.command.builtin?.name ?? "";
  const builtin = BUILTIN_COMMANDS.get(name);
  if (builtin === undefined) {
    return {
      status: "failed",
      error: HandlerFailed.create(`no built-in command is registered as '${name}'`).toJSON(),
    };
  }
  const schemaCommand = SCHEMA_COMMANDS.has(name);
  const ownTransactions = SELF_COMMITTING_COMMANDS.has(name);
  const work = async (store: RecordStore) => {
    const ctx = createContext({
      execution: run.execution.id,
      user: run.user,
      signal: run.signal,
      store,
      emit: (body) => {
        run.execution.emit(body);
      },
      run: run.run,
    });
    const value = await builtin(ctx, run.parameters.values, {
      spec: parts.spec,
      settings: parts.settings,
      database: parts.database,
      store,
      command: run.command,
      filters: run.parameters.filters,
      ...(run.parameters.filter === undefined ? {} : { filter: run.parameters.filter }),
      reader: async (model) => {
        // Read in the command's own transaction: SQLite has one connection.
        const view = parts.views.of(await loadPrincipal(store, run.user), model);
        return {
          store: store.withSpec(view.spec),
          scope: view.scope === undefined ? {} : { scope: view.scope },
        };
      },
    });
    run.signal.throwIfAborted();
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  };
  try {
    const result = ownTransactions ? await work(parts.store) : await parts.store.transaction(work);
    return { status: "success", result };
  } catch (error) {
    if (run.signal.aborted) {
      return {
        status: "aborted",
        error: ExecutionAborted.create("the execution was aborted").toJSON(),
      };
    }
    // Built-ins are platform code: their callers get the error, never the server's stack.
    return { status: "failed", error: toErrorPayload(error, HandlerFailed.code, { stack: false }) };
  } finally {
    if (schemaCommand) parts.schema.invalidate();
  }
}
