import { fromErrorPayload, toErrorPayload } from "../../engines/executors/error-payload.js";
import type { JobOutcome } from "../../engines/executors/protocol.js";
import { HandlerFailed } from "../../foundations/error-codes.js";
import type { Message } from "../../foundations/message.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import { checkMayRun } from "../access/check-may-run.js";
import { actorName, adminPrincipal, LOCAL_ADMIN } from "../access/principal.js";
import { SCHEMA_COMMANDS } from "../builtins/registry.js";
import { findCommand } from "../find-command.js";
import type { LockLease } from "../locks/lock-lease.js";
import { takeLockWait } from "../locks/lock-wait.js";
import { MessageRecorder } from "../messages/message-recorder.js";
import { checkRunNotify } from "../notify/check-run-notify.js";
import { notifyEnd } from "../notify/notify-end.js";
import type { EndRow } from "./end-row.js";
import { recordedParameters, storeHasKey } from "../parameters/recorded-parameters.js";
import { resolveParameters, type ResolvedParameters } from "../parameters/resolve-parameters.js";
import { secretRedactor } from "../../foundations/redact-secrets.js";
import { encryptedFieldMask } from "../parameters/redact-output.js";
import { splitSecrets } from "../parameters/secret-parameters.js";
import type { RunRequest, RunningExecution } from "../run-request.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { enqueueExecution } from "../queue/enqueue-execution.js";
import { Execution } from "./execution.js";
import { runBuiltin } from "./run-builtin.js";
import { runHandler } from "./run-handler.js";

/** Whether `model` has a row with natural key `key`; undefined for scoped models. */
export function keyExists(
  parts: RuntimeParts,
  model: string,
  key: string,
): Promise<boolean | undefined> {
  return storeHasKey(parts.spec, parts.store, model, key);
}

/** Takes the command's lock, when it has one (before its execution record exists). */
function takeLock(
  parts: RuntimeParts,
  request: RunRequest,
  command: CommandDefinition,
  waitMs: number,
  nested: boolean,
): Promise<LockLease | undefined> {
  const name = command.lock;
  if (name === undefined) return Promise.resolve(undefined);
  return parts.locks.acquire({
    command: command.name,
    name,
    waitMs,
    signal: request.signal,
    gated: !nested,
  });
}

/** Whether a request becomes a queued execution rather than running here. */
function isQueued(request: RunRequest, command: CommandDefinition, nested: boolean): boolean {
  if (nested || !command.recorded || request.local === true) return false;
  return request.queue === true || request.async === true || command.background;
}

/**
 * `runtime.start`: everything that can reject the request happens before the
 * execution record exists (command lookup, schema check, parameters, the command's
 * lock); then the run goes on in the background and the caller follows it through the
 * returned handle. A queued run (`background: true`, or `queue: true`) is recorded
 * `queued` and put on its queue instead; its lock is taken by the worker that claims it.
 */
export async function startExecution(
  parts: RuntimeParts,
  request: RunRequest,
  parent?: string,
): Promise<RunningExecution> {
  const command = findCommand(parts.spec, request.command);
  const principal = request.principal ?? LOCAL_ADMIN;
  checkMayRun(principal, command);
  const builtinName = command.builtin?.name;
  if (builtinName === undefined || !SCHEMA_COMMANDS.has(builtinName)) {
    await parts.schema.ensureCurrent();
  }
  const { parameters, waitMs } = takeLockWait(command.name, request.parameters);
  const resolved = await resolveParameters(command, parameters, {
    fromText: request.parametersAsText ?? request.origin === "cli",
    keyExists: (model, key) => keyExists(parts, model, key),
  });
  const user = actorName(principal);
  const notify = command.recorded
    ? await checkRunNotify(parts.store, command.name, request)
    : undefined;
  const recorded = splitSecrets(command, recordedParameters(resolved), parts.spec);
  // Secrets are stored encrypted or not at all: without a key the run is refused here.
  if (command.recorded && recorded.secrets !== undefined) parts.cipher.activeKeyId();
  if (isQueued(request, command, parent !== undefined)) {
    return enqueueExecution(parts, request, command, recorded, user, notify);
  }
  const lease = await takeLock(parts, request, command, waitMs, parent !== undefined);
  let id: string;
  try {
    id = command.recorded
      ? await parts.log.create(
          {
            command: command.name,
            parameters: recorded.parameters,
            secrets: recorded.secrets,
            user,
            origin: request.origin,
            parent,
            notify,
          },
          parent === undefined,
        )
      : "";
  } catch (error) {
    await lease?.release();
    throw error;
  }
  return launchExecution(parts, {
    id,
    command,
    parameters: resolved,
    secrets: recorded.secrets,
    user,
    lease,
    signal: request.signal,
    parent,
  });
}

/** An execution whose record exists, ready to run here. */
export interface Launch {
  readonly id: string;
  readonly command: CommandDefinition;
  readonly parameters: ResolvedParameters;
  /** The sensitive values among them (see splitSecrets), shown as `***` in what the run says. */
  readonly secrets: Readonly<Record<string, unknown>> | undefined;
  readonly user: string;
  readonly lease: LockLease | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly parent?: string | undefined;
  /** The last `seq` already stored (a later attempt of a queued execution goes on from it). */
  readonly after?: number;
}

/** How a queued attempt ends: retried (requeued) or final. */
export interface Completion {
  /** The note to end with when this outcome goes back on the queue, else undefined. */
  retry(outcome: JobOutcome): string | undefined;
  /**
   * Stores the end of the attempt in the execution row, a final one with its last
   * `messages` (none when requeued), and answers as ExecutionTable.end.
   */
  record(
    outcome: JobOutcome,
    requeued: boolean,
    messages: readonly Message[],
  ): Promise<EndRow | undefined>;
}

/**
 * Runs an execution whose record exists: messages numbered, streamed and recorded, the
 * abort registry, the handler (isolate) or built-in, then the end recorded and the lock
 * freed. Used by `start` and by workers for the executions they claim.
 */
export async function launchExecution(
  parts: RuntimeParts,
  launch: Launch,
  completion?: Completion,
): Promise<RunningExecution> {
  const { id, command, lease, parent } = launch;
  await lease?.attach(id);
  const execution = new Execution(
    id,
    command.recorded ? parts.hub.open(id) : undefined,
    launch.after ?? 0,
  );
  if (command.recorded) {
    execution.record(
      new MessageRecorder({
        table: parts.table,
        execution: id,
        batchSize: parts.options.messageBatchSize,
        intervalMs: parts.options.messageIntervalMs,
        gate: () => parts.gate(),
        onSettled: (count) => {
          execution.settled(count);
        },
        onStored: (count) => {
          execution.stored(count);
        },
      }),
    );
  }
  // A handler that prints or returns a secret it was given shows `***` instead.
  const redact = secretRedactor(Object.values(launch.secrets ?? {}));
  const mask = encryptedFieldMask(command, parts.spec);
  execution.redactWith(redact, mask);
  const signal = command.recorded
    ? parts.running.register(id, launch.signal)
    : (launch.signal ?? new AbortController().signal);
  const user = launch.user;
  const run = {
    command,
    parameters: launch.parameters,
    execution,
    user,
    signal,
    run: (name: string, parameters: Readonly<Record<string, unknown>>) =>
      runNested(
        parts,
        { command: name, parameters, origin: "command", principal: adminPrincipal(user), signal },
        id,
      ),
  };
  let outcome: Promise<JobOutcome>;
  try {
    outcome =
      command.handler === undefined
        ? runBuiltin(parts, run)
        : runHandler(parts, { ...run, handler: command.handler, nested: parent !== undefined });
  } catch (error) {
    // The run still ends through finish, which frees its lock and registration.
    outcome = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const finished = outcome
    .catch((error: unknown): JobOutcome => ({
      status: "failed",
      error: toErrorPayload(error, HandlerFailed.code),
    }))
    .then(redact)
    .then((result) => {
      // The outcome is known and an abort can change nothing now: from here an abort is
      // answered from the row (see abortExecution), not as a run still going here.
      if (command.recorded) parts.running.unregister(id, signal);
      const note = completion?.retry(result);
      const record = async (messages: readonly Message[]): Promise<EndRow | undefined> => {
        try {
          if (!command.recorded) return undefined;
          if (completion === undefined) return await parts.log.finish(id, mask(result), messages);
          // Free this attempt's lock before the next can be claimed (perhaps here, at once).
          if (note !== undefined) await lease?.release();
          return await completion.record(mask(result), note !== undefined, messages);
        } finally {
          await lease?.release();
        }
      };
      // A final end (not a nested run's) is told to whoever wants to hear of it.
      const recordAndNotify = async (messages: readonly Message[]) => {
        const ended = await record(messages);
        if (command.recorded && parent === undefined) await notifyEnd(parts, id, ended);
      };
      return note !== undefined && result.status !== "success"
        ? execution.requeue(result.error, note, async () => {
            await record([]);
          })
        : execution.finish(result, recordAndNotify);
    });
  return { id, command: command.name, messages: execution.stream, finished };
}

/** `ctx.run`: a nested execution whose messages are recorded, not shown; answers its result. */
async function runNested(
  parts: RuntimeParts,
  request: RunRequest,
  parent: string,
): Promise<unknown> {
  const running = await startExecution(parts, request, parent === "" ? undefined : parent);
  let last: Message | undefined;
  for await (const message of running.messages) last = message;
  if (last?.type !== "status")
    throw HandlerFailed.create(`'${request.command}' ended without a status`);
  if (last.status === "success") return last.result;
  throw fromErrorPayload(last.error ?? { code: HandlerFailed.code, message: "failed" });
}
