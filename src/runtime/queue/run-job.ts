import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { JobSink, QueuedJob } from "../../engines/executors/queue/queue-transport.js";
import { toErrorPayload } from "../../engines/executors/error-payload.js";
import { CommandNotFound, LockHeld, ParameterInvalid } from "../../foundations/error-codes.js";
import type { ErrorPayload, Message } from "../../foundations/message.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import { keyExists, launchExecution, type Completion } from "../execution/start-execution.js";
import type { EndRow } from "../execution/end-row.js";
import { endOf } from "../execution/execution-log.js";
import type { LockLease } from "../locks/lock-lease.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import { notifyEnd } from "../notify/notify-end.js";
import { resolveParameters } from "../parameters/resolve-parameters.js";
import { joinSecrets, maySealParameters } from "../parameters/secret-parameters.js";
import { executionSecrets } from "../parameters/stored-secrets.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { backoffMs } from "./backoff.js";
import type { DeliveredRow } from "./execution-rows.js";

/** Errors that another attempt cannot mend. */
const NOT_RETRIED = new Set([ParameterInvalid.code, CommandNotFound.code]);

function recordedParameters(row: DeliveredRow): Readonly<Record<string, unknown>> {
  const value = row.parameters;
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)
    : {};
}

/**
 * Stores the final columns of an attempt that this worker still owns, with its last
 * messages (see ExecutionTable.end).
 */
async function recordEnd(
  parts: RuntimeParts,
  id: string,
  attempt: number,
  outcome: JobOutcome,
  messages: readonly Message[] = [],
): Promise<EndRow | undefined> {
  await parts.gate();
  // Conditional on the attempt: one a reaper took meanwhile is left as the reaper set it.
  return retryWhileBusy(() => parts.table.end(id, endOf(outcome), attempt, messages));
}

/** Ends a claimed execution that cannot run at all (its command or parameters are gone). */
async function failClaimed(
  parts: RuntimeParts,
  id: string,
  attempt: number,
  error: ErrorPayload,
): Promise<void> {
  await parts.rows.append(id, { type: "error", text: error.message, error });
  await parts.rows.append(id, { type: "status", status: "failed", error });
  await notifyEnd(parts, id, await recordEnd(parts, id, attempt, { status: "failed", error }));
}

/** Takes the command's lock at claim time; undefined with `held` when another run has it. */
async function takeLock(
  parts: RuntimeParts,
  command: CommandDefinition,
): Promise<{ lease?: LockLease; held: boolean }> {
  if (command.lock === undefined) return { held: false };
  try {
    const lease = await parts.locks.acquire({
      command: command.name,
      name: command.lock,
      waitMs: 0,
      gated: true,
    });
    return { lease, held: false };
  } catch (error) {
    if (LockHeld.is(error)) return { held: true };
    throw error;
  }
}

/**
 * Runs one delivered job: claims its execution (a conditional update from `queued`, so
 * a job delivered twice, or one aborted while it waited, runs at most once), checks
 * its command, parameters and lock (failing it, or handing it back), then runs
 * it exactly as `start` runs a command here, and records how the attempt ended: final,
 * or back on the queue with a backoff when `retries` allow.
 */
export async function runJob(
  parts: RuntimeParts,
  sink: JobSink,
  job: QueuedJob,
  worker: string,
): Promise<void> {
  const id = job.execution;
  const row = await parts.rows.claim(id, worker);
  if (row === undefined) return;
  const attempt = row.attempt;
  const command = parts.spec.commands.get(row.command);
  if (command === undefined) {
    const error = CommandNotFound.create(`no command '${row.command}' in this spec`);
    await failClaimed(parts, id, attempt, toErrorPayload(error, CommandNotFound.code));
    return;
  }
  let parameters;
  let secrets: Readonly<Record<string, unknown>> | undefined;
  try {
    let recorded = recordedParameters(row);
    if (maySealParameters(command)) {
      secrets = await executionSecrets(parts.store, id);
      recorded = joinSecrets(command, recorded, secrets);
    }
    parameters = await resolveParameters(command, recorded, {
      fromText: false,
      keyExists: (model, key) => keyExists(parts, model, key),
    });
  } catch (error) {
    await failClaimed(parts, id, attempt, toErrorPayload(error, ParameterInvalid.code));
    return;
  }
  // The lock is taken when the execution is claimed, not when it was queued: a queued
  // run holds nothing while it waits, and one whose lock is held goes back to wait.
  const { lease, held } = await takeLock(parts, command);
  if (held) {
    const delayMs = Math.max(parts.options.lockRetryMs, 1000);
    if (await parts.rows.unclaim(id, attempt, delayMs)) await sink.enqueue(job, { delayMs });
    return;
  }
  const attempts = command.retries + 1;
  let delayMs = 0;
  const completion: Completion = {
    retry(outcome) {
      if (outcome.status !== "failed" || attempt >= attempts) return undefined;
      if (NOT_RETRIED.has(outcome.error.code)) return undefined;
      delayMs = backoffMs(command.retryBackoff ?? 1, attempt);
      return `attempt ${String(attempt)} of ${String(attempts)} failed; requeued to run again in ${(delayMs / 1000).toFixed(1)} s`;
    },
    async record(outcome, requeued, messages) {
      if (!requeued) return recordEnd(parts, id, attempt, outcome, messages);
      if (await parts.rows.requeue(id, attempt, delayMs, job.queue))
        await sink.enqueue(job, { delayMs });
      return undefined;
    },
  };
  const running = await launchExecution(
    parts,
    {
      id,
      command,
      parameters,
      secrets,
      user: row.user ?? "admin",
      lease,
      // A first attempt has no messages yet; a later one goes on after the stored ones.
      after: attempt > 1 ? await parts.rows.lastSeq(id) : 0,
    },
    completion,
  );
  // Nobody reads a worker's stream: detach it so only the recorder paces the handler.
  void running.messages[Symbol.asyncIterator]().return?.();
  await running.finished;
}
