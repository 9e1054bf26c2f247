import { hostname } from "node:os";
import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { Message } from "../../foundations/message.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import type { RunNotify } from "../notify/notify-rule.js";
import type { ExecutionOrigin } from "../run-request.js";
import { boundedValue } from "./bounded-for-storage.js";
import type { EndRow } from "./end-row.js";
import type { ExecutionEnd, ExecutionTable } from "./execution-table.js";

export interface NewExecution {
  readonly command: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly user: string;
  readonly origin: ExecutionOrigin;
  /** The execution whose handler ran this one (`ctx.run`). */
  readonly parent?: string | undefined;
  /** Queue it rather than run it here: recorded `queued` on this queue. */
  readonly queued?: { readonly queue: string; readonly priority: number } | undefined;
  /** The run's own groups to notify (RunRequest.notify), by the ends they are told of. */
  readonly notify?: RunNotify | undefined;
  /** The values of its secret parameters (`parameters` holds `***` for them). */
  readonly secrets?: Readonly<Record<string, unknown>> | undefined;
}

const WORKER = `${hostname()}:${String(process.pid)}`;

/**
 * How long a queued execution with secrets waits before a worker may claim it: the
 * INSERT gives its id, then the secrets are sealed to that id; a worker that found it
 * without them would refuse to run it.
 */
const SEALING_GRACE_MS = 60_000;

/** The `not_before` of a queued execution whose secrets are sealed after its INSERT. */
export function sealingDeadline(): string {
  return new Date(Date.now() + SEALING_GRACE_MS).toISOString();
}

/** The columns that record how a run ended. */
export function endOf(outcome: JobOutcome): ExecutionEnd {
  return outcome.status === "success"
    ? { status: outcome.status, result: boundedValue(outcome.result ?? null) }
    : { status: outcome.status, error: outcome.error };
}

/**
 * The `execution` rows, written on the root connection so they live outside the
 * command's transaction and survive its rollback.
 */
export class ExecutionLog {
  readonly #table: ExecutionTable;
  readonly #gate: () => Promise<void> | undefined;

  constructor(table: ExecutionTable, gate: () => Promise<void> | undefined) {
    this.#table = table;
    this.#gate = gate;
  }

  /** Inserts the `running` (or `queued`) row and answers its id. */
  async create(execution: NewExecution, gated: boolean): Promise<string> {
    if (gated) await this.#gate();
    const now = new Date().toISOString();
    const id = await retryWhileBusy(() =>
      this.#table.insert({
        command: execution.command,
        parameters: execution.parameters,
        user: execution.user,
        origin: execution.origin,
        parent: execution.parent,
        ...(execution.notify === undefined ? {} : { notify: execution.notify }),
        ...(execution.queued === undefined
          ? { status: "running", worker: WORKER, started: now, heartbeat: now }
          : {
              status: "queued",
              queue: execution.queued.queue,
              priority: execution.queued.priority,
              queued: now,
              // Not claimable before its secrets are sealed (they need the row's id).
              ...(execution.secrets === undefined ? {} : { notBefore: sealingDeadline() }),
            }),
      }),
    );
    if (execution.secrets !== undefined) await this.#table.sealSecrets(id, execution.secrets);
    return id;
  }

  /**
   * Stores the final status, finish time, result and error, with the run's last
   * `messages`; answers as ExecutionTable.end.
   */
  async finish(
    id: string,
    outcome: JobOutcome,
    messages: readonly Message[] = [],
  ): Promise<EndRow | undefined> {
    await this.#gate();
    return retryWhileBusy(() => this.#table.end(id, endOf(outcome), undefined, messages));
  }
}
