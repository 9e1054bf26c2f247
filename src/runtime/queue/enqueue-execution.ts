import { ParameterInvalid } from "../../foundations/error-codes.js";
import type { SplitParameters } from "../parameters/secret-parameters.js";
import type { FinalStatus, Message } from "../../foundations/message.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import { abortExecution } from "../abort/abort-execution.js";
import { findExecution, FINAL_STATUSES, statusOf } from "../execution/find-execution.js";
import { follow } from "../follow/follow.js";
import type { RunNotify } from "../notify/notify-rule.js";
import type { RunRequest, RunningExecution } from "../run-request.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { DEFAULT_QUEUE } from "./backoff.js";
import { abortablePause } from "../abortable-pause.js";

function invalid(command: string, parameter: string, problem: string): never {
  throw ParameterInvalid.create(`${command}: ${parameter}: ${problem}`, {
    details: { problems: [{ parameter, problem }] },
  });
}

/** The queue and priority of a queued run: the call's, else the command's, else the defaults. */
function placement(
  request: RunRequest,
  command: CommandDefinition,
): { queue: string; priority: number } {
  const queue = request.queueName ?? command.queue ?? DEFAULT_QUEUE;
  if (typeof queue !== "string" || !/^[A-Za-z0-9_.:-]{1,100}$/.test(queue)) {
    invalid(command.name, "_queue_name", `expected a queue name, got ${JSON.stringify(queue)}`);
  }
  const priority = request.priority ?? command.priority ?? 0;
  if (!Number.isSafeInteger(priority) || priority < 0) {
    invalid(
      command.name,
      "_priority",
      `expected a whole number of at least 0, got ${JSON.stringify(priority)}`,
    );
  }
  return { queue, priority };
}

/** The final status a finished row reports (`lost` counts as failed). */
function finalStatus(status: string): FinalStatus {
  return status === "success" || status === "aborted" ? status : "failed";
}

/**
 * A queued run as a RunningExecution: `messages` follow the execution wherever a worker
 * runs it (as if it ran here); `finished` settles when its row is final (read at once
 * when the `status` message arrives, else polled), whether or not anyone reads the
 * messages. The request's signal aborts the execution.
 */
export function followQueued(
  parts: RuntimeParts,
  id: string,
  command: string,
  signal: AbortSignal | undefined,
): RunningExecution {
  const state = { settled: false, watching: false };
  let settle: (status: FinalStatus) => void = () => undefined;
  const finished = new Promise<FinalStatus>((resolve) => {
    settle = (status) => {
      if (state.settled) return;
      state.settled = true;
      resolve(status);
    };
  });
  const watch = async () => {
    if (state.watching || state.settled) return;
    state.watching = true;
    try {
      const settledNow = () => state.settled || parts.closing.aborted;
      while (!settledNow()) {
        const status = statusOf(await findExecution(parts.store, id));
        if (FINAL_STATUSES.has(status)) settle(finalStatus(status));
        else await abortablePause(parts.options.followPollMs, parts.closing);
      }
    } catch {
      // The runtime is closing or the row went away: nothing to report.
    }
  };
  signal?.addEventListener(
    "abort",
    () => {
      abortExecution(parts, id).catch(() => undefined);
    },
    { once: true },
  );
  async function* messages(): AsyncGenerator<Message> {
    try {
      for await (const message of await follow(parts, id)) {
        // The worker stores the last messages, then the row's final columns: `finished`
        // waits for the row, so whoever awaits it reads the execution as it ended.
        if (message.type === "status") void watch();
        yield message;
      }
    } finally {
      void watch();
    }
  }
  return {
    id,
    command,
    messages: { [Symbol.asyncIterator]: () => messages() },
    get finished() {
      void watch();
      return finished;
    },
  };
}

/**
 * Records a validated request as a `queued` execution and puts it on its queue. A
 * transport that cannot take it now is no loss: the row is the truth and the sweeper
 * puts stray queued rows back on their queues.
 */
export async function enqueueExecution(
  parts: RuntimeParts,
  request: RunRequest,
  command: CommandDefinition,
  recorded: SplitParameters,
  user: string,
  notify?: RunNotify,
): Promise<RunningExecution> {
  const { queue, priority } = placement(request, command);
  const id = await parts.log.create(
    {
      command: command.name,
      parameters: recorded.parameters,
      secrets: recorded.secrets,
      user,
      origin: request.origin,
      queued: { queue, priority },
      notify,
    },
    true,
  );
  try {
    await parts.transport.enqueue({ execution: id, queue, priority });
  } catch (error) {
    process.emitWarning(`cannot put execution ${id} on queue '${queue}' now: ${String(error)}`);
  }
  return followQueued(parts, id, command.name, request.signal);
}
