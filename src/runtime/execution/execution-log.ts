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
  /** Queue it rather than run it here: recorded `queued` on this queue. */
  readonly queued?: { readonly queue: string; readonly priority: number } | undefined;
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

  /** Inserts the `running` (or `queued`) row and answers its id. */
  async create(execution: NewExecution, gated: boolean): Promise<string> {
    if (gated) await this.#gate();
    const now = new Date().toISOString();
    const { row } = await retryWhileBusy(() =>
      this.#store.save(
        "execution",
        { key: "" },
        {
          command: execution.command,
          parameters: execution.parameters,
          user: execution.user,
          origin: execution.origin,
          attempt: 1,
          ...(execution.queued === undefined
            ? { status: "running", worker: WORKER, started: now, heartbeat: now }
            : {
                status: "queued",
                queue: execution.queued.queue,
                priority: execution.queued.priority,
                queued: now,
              }),
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
