import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { JobSink, QueuedJob } from "../../engines/executors/queue/queue-transport.js";
import { toErrorPayload } from "../../engines/executors/error-payload.js";
import type { RecordRow } from "../../engines/storage/records/record-store.js";
import {
  CommandNotFound,
  LockHeld,
  ParameterInvalid,
  RecordNotFound,
} from "../../foundations/error-codes.js";
import type { ErrorPayload } from "../../foundations/message.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import { keyExists, launchExecution, type Completion } from "../execution/start-execution.js";
import { boundedValue } from "../execution/bounded-for-storage.js";
import type { LockLease } from "../locks/lock-lease.js";
import { retryWhileBusy } from "../messages/is-busy-error.js";
import { resolveParameters } from "../parameters/resolve-parameters.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { backoffMs } from "./backoff.js";

/** Errors that another attempt cannot mend. */
const NOT_RETRIED = new Set([ParameterInvalid.code, CommandNotFound.code]);

async function readRow(parts: RuntimeParts, id: string): Promise<RecordRow | undefined> {
  try {
    return await parts.store.get("execution", { key: id });
  } catch (error) {
    if (RecordNotFound.is(error)) return undefined;
    throw error;
  }
}

function recordedParameters(row: RecordRow): Readonly<Record<string, unknown>> {
  const value = row.parameters;
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)
    : {};
}

/** Stores the final columns of an attempt that this worker still owns. */
async function recordEnd(
  parts: RuntimeParts,
  id: string,
  attempt: number,
  outcome: JobOutcome,
): Promise<void> {
  if (!(await parts.rows.finish(id, attempt, outcome.status))) return; // reaped meanwhile
  await parts.gate();
  await retryWhileBusy(() =>
    parts.store.save(
      "execution",
      { key: id },
      outcome.status === "success"
        ? { result: boundedValue(outcome.result ?? null) }
        : { error: outcome.error },
    ),
  );
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
  await recordEnd(parts, id, attempt, { status: "failed", error });
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
 * a job delivered twice, or one aborted while it waited, runs at most once), then runs
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
  const row = await readRow(parts, id);
  if (row?.status !== "queued") return;
  const attempt = Number(row.attempt ?? 1);
  const command = parts.spec.commands.get(String(row.command));
  if (command === undefined) {
    if (!(await parts.rows.claim(id, worker))) return;
    const error = CommandNotFound.create(`no command '${String(row.command)}' in this spec`);
    await failClaimed(parts, id, attempt, toErrorPayload(error, CommandNotFound.code));
    return;
  }
  let parameters;
  try {
    parameters = await resolveParameters(command, recordedParameters(row), {
      fromText: false,
      keyExists: (model, key) => keyExists(parts, model, key),
    });
  } catch (error) {
    if (!(await parts.rows.claim(id, worker))) return;
    await failClaimed(parts, id, attempt, toErrorPayload(error, ParameterInvalid.code));
    return;
  }
  // The lock is taken when the execution is claimed, not when it was queued: a queued
  // run holds nothing while it waits, and one whose lock is held waits on the queue.
  const { lease, held } = await takeLock(parts, command);
  if (held) {
    const delayMs = Math.max(parts.options.lockRetryMs, 1000);
    await parts.rows.postpone(id, delayMs);
    await sink.enqueue(job, { delayMs });
    return;
  }
  let claimed = false;
  try {
    claimed = await parts.rows.claim(id, worker);
  } finally {
    if (!claimed) await lease?.release();
  }
  if (!claimed) return;
  const attempts = command.retries + 1;
  let delayMs = 0;
  const completion: Completion = {
    retry(outcome) {
      if (outcome.status !== "failed" || attempt >= attempts) return undefined;
      if (NOT_RETRIED.has(outcome.error.code)) return undefined;
      delayMs = backoffMs(command.retryBackoff ?? 1, attempt);
      return `attempt ${String(attempt)} of ${String(attempts)} failed; requeued to run again in ${(delayMs / 1000).toFixed(1)} s`;
    },
    async record(outcome, requeued) {
      if (!requeued) return recordEnd(parts, id, attempt, outcome);
      if (await parts.rows.requeue(id, attempt, delayMs, job.queue))
        await sink.enqueue(job, { delayMs });
    },
  };
  const running = await launchExecution(
    parts,
    {
      id,
      command,
      parameters,
      user: typeof row.user === "string" ? row.user : "admin",
      lease,
      after: await parts.rows.lastSeq(id),
    },
    completion,
  );
  // Nobody reads a worker's stream: detach it so only the recorder paces the handler.
  void running.messages[Symbol.asyncIterator]().return?.();
  await running.finished;
}
