import { hostname } from "node:os";
import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import type { ExecutionOrigin } from "../run-request.js";
import { boundedValue } from "./bounded-for-storage.js";

export interface NewExecution {
  readonly command: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly user: string;
  readonly origin: ExecutionOrigin;
  /** The execution whose handler ran this one (`ctx.run`). */
  readonly parent?: string | undefined;
}

const WORKER = `${hostname()}:${String(process.pid)}`;

/**
 * The `execution` rows, written through the root store so they live outside the
 * command's transaction and survive its rollback.
 */
export class ExecutionLog {
  readonly #store: RecordStore;
  readonly #gate: () => Promise<void> | undefined;

  constructor(store: RecordStore, gate: () => Promise<void> | undefined) {
    this.#store = store;
    this.#gate = gate;
  }

  /** Inserts the `running` row and answers its id. */
  async create(execution: NewExecution, gated: boolean): Promise<string> {
    if (gated) await this.#gate();
    const { row } = await retryWhileBusy(() =>
      this.#store.save(
        "execution",
        { key: "" },
        {
          command: execution.command,
          parameters: execution.parameters,
          user: execution.user,
          origin: execution.origin,
          status: "running",
          attempt: 1,
          worker: WORKER,
          started: new Date().toISOString(),
          ...(execution.parent === undefined ? {} : { parent: execution.parent }),
        },
      ),
    );
    return String(row.id);
  }

  /** Stores the final status, finish time, result and error. */
  async finish(id: string, outcome: JobOutcome): Promise<void> {
    await this.#gate();
    await retryWhileBusy(() =>
      this.#store.save(
        "execution",
        { key: id },
        {
          status: outcome.status,
          finished: new Date().toISOString(),
          ...(outcome.status === "success"
            ? { result: boundedValue(outcome.result ?? null) }
            : { error: outcome.error }),
        },
      ),
    );
  }
}
