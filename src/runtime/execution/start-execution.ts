import { fromErrorPayload, toErrorPayload } from "../../engines/executors/error-payload.js";
import type { JobOutcome } from "../../engines/executors/protocol.js";
import { HandlerFailed, RecordNotFound } from "../../foundations/error-codes.js";
import type { Message } from "../../foundations/message.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import { SCHEMA_COMMANDS } from "../builtins/registry.js";
import { findCommand } from "../find-command.js";
import type { LockLease } from "../locks/lock-lease.js";
import { takeLockWait } from "../locks/lock-wait.js";
import { MessageRecorder } from "../messages/message-recorder.js";
import { resolveParameters, type ResolvedParameters } from "../parameters/resolve-parameters.js";
import type { RunRequest, RunningExecution } from "../run-request.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { Execution } from "./execution.js";
import { runBuiltin } from "./run-builtin.js";
import { runHandler } from "./run-handler.js";

/** Whether `model` has a row with natural key `key`; undefined for scoped models. */
async function keyExists(
  parts: RuntimeParts,
  model: string,
  key: string,
): Promise<boolean | undefined> {
  if ((parts.spec.models.get(model)?.scope.length ?? 0) > 0) return undefined;
  try {
    await parts.store.get(model, { key });
    return true;
  } catch (error) {
    if (RecordNotFound.is(error)) return false;
    throw error;
  }
}

/** The parameters as recorded: values plus filters, so a rerun can repeat them. */
function recordedParameters(resolved: ResolvedParameters): Record<string, unknown> {
  return {
    ...resolved.values,
    ...Object.fromEntries(resolved.filters.map((f) => [f.path, f.value])),
    ...(resolved.filter === undefined ? {} : { filter: resolved.filter }),
  };
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

/**
 * `runtime.start`: everything that can reject the request happens before the
 * execution record exists (command lookup, schema check, parameters, the command's
 * lock); then the run goes on in the background and the caller follows it through the
 * returned handle.
 */
export async function startExecution(
  parts: RuntimeParts,
  request: RunRequest,
  parent?: string,
): Promise<RunningExecution> {
  const command = findCommand(parts.spec, request.command);
  const builtinName = command.builtin?.name;
  if (builtinName === undefined || !SCHEMA_COMMANDS.has(builtinName)) {
    await parts.schema.ensureCurrent();
  }
  const { parameters, waitMs } = takeLockWait(command.name, request.parameters);
  const resolved = await resolveParameters(command, parameters, {
    fromText: request.parametersAsText ?? request.origin === "cli",
    keyExists: (model, key) => keyExists(parts, model, key),
  });
  const user = request.user ?? "admin";
  const lease = await takeLock(parts, request, command, waitMs, parent !== undefined);
  let id: string;
  try {
    id = command.recorded
      ? await parts.log.create(
          {
            command: command.name,
            parameters: recordedParameters(resolved),
            user,
            origin: request.origin,
            parent,
          },
          parent === undefined,
        )
      : "";
  } catch (error) {
    await lease?.release();
    throw error;
  }
  await lease?.attach(id);
  const execution = new Execution(id, command.recorded ? parts.hub.open(id) : undefined);
  if (command.recorded) {
    execution.record(
      new MessageRecorder({
        store: parts.store,
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
  const signal = command.recorded
    ? parts.running.register(id, request.signal)
    : (request.signal ?? new AbortController().signal);
  const run = {
    command,
    parameters: resolved,
    execution,
    user,
    signal,
    run: (name: string, parameters: Readonly<Record<string, unknown>>) =>
      runNested(parts, { command: name, parameters, origin: "command", user, signal }, id),
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
    .then((result) =>
      execution.finish(result, async () => {
        try {
          if (command.recorded) await parts.log.finish(id, result);
        } finally {
          if (command.recorded) parts.running.unregister(id);
          await lease?.release();
        }
      }),
    );
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
