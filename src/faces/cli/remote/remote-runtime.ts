import type { FinalStatus, Message } from "../../../foundations/message.js";
import type { RunRequest, RunningExecution } from "../../../runtime/run-request.js";
import type {
  CreatedSchedule,
  ScheduleRequest,
} from "../../../runtime/schedule/create-schedule.js";
import type { CairnClient, CommandRun } from "../../client/index.js";
import { asLocalError } from "./remote-errors.js";

/**
 * Runs commands on a server through its command API, behind the same `start` and
 * `close` as the local runtime: the CLI parses, renders and picks exit codes as it does
 * locally, whatever runs the command.
 *
 * Parameters go as form text, exactly as the CLI parsed them, so the server converts
 * them as the local runtime would. The first Ctrl-C (the request's signal) asks the
 * server to abort the execution and goes on showing its messages until its status, as
 * locally; if that request fails the stream is cut, which aborts an interruptible run.
 */
export class RemoteRuntime {
  readonly #requests = new Set<AbortController>();

  constructor(private readonly client: CairnClient) {}

  async start(request: RunRequest): Promise<RunningExecution> {
    const cancel = new AbortController();
    this.#requests.add(cancel);
    const run = this.client.run(request.command, withRunOptions(request), {
      encoding: "form",
      signal: cancel.signal,
    });
    const interrupted = request.signal;
    const cutOff = (): void => {
      cancel.abort();
    };
    interrupted?.addEventListener("abort", cutOff, { once: true });
    let id: string;
    try {
      id = await run.id;
    } catch (error) {
      if (interrupted?.aborted === true) return abortedBeforeStart(request.command);
      throw asLocalError(error, this.client.url);
    } finally {
      interrupted?.removeEventListener("abort", cutOff);
    }
    const abort = (): void => {
      this.client
        .execution(id)
        .abort()
        .catch(() => {
          cancel.abort();
        });
    };
    if (request.async === true) return this.#queued(id, request.command);
    if (interrupted?.aborted === true) abort();
    else interrupted?.addEventListener("abort", abort, { once: true });
    return this.#running(id, request.command, run, cancel.signal);
  }

  /** `--schedule`: the server creates the schedule (`_schedule`), with the parameters as text. */
  async createSchedule(request: ScheduleRequest): Promise<CreatedSchedule> {
    try {
      return await this.client.schedule(request.command, request.parameters, {
        schedule: request.schedule,
        timezone: request.timezone,
        begin: request.begin,
        end: request.end,
        name: request.name,
        misfire: request.misfire,
        overlap: request.overlap,
        encoding: "form",
      });
    } catch (error) {
      throw asLocalError(error, this.client.url);
    }
  }

  /** Cuts every stream still open (after a second Ctrl-C nothing more is awaited). */
  close(): Promise<void> {
    for (const request of this.#requests) request.abort();
    this.#requests.clear();
    return Promise.resolve();
  }

  /** `--async`: the server queued the run and answered its id; nothing streams here. */
  #queued(id: string, command: string): RunningExecution {
    const client = this.client;
    async function* none(): AsyncGenerator<Message> {
      // The run goes on on a worker; follow it with its id.
    }
    return {
      id,
      command,
      messages: none(),
      get finished() {
        return client
          .execution(id)
          .follow()
          .status()
          .then((status) => status.status);
      },
    };
  }

  #running(id: string, command: string, run: CommandRun, cut: AbortSignal): RunningExecution {
    const url = this.client.url;
    const iterator = run[Symbol.asyncIterator]();
    async function* messages(): AsyncGenerator<Message> {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done === true) return;
          yield next.value;
        }
      } catch (error) {
        // A stream cut on purpose ends the run as aborted, as the server will record it.
        if (cut.aborted) return;
        throw asLocalError(error, url);
      } finally {
        await iterator.return?.();
      }
    }
    const finished = run.status().then(
      (status) => status.status,
      (error: unknown): FinalStatus => {
        if (cut.aborted) return "aborted";
        throw asLocalError(error, url);
      },
    );
    finished.catch(() => undefined);
    return { id, command, messages: messages(), finished };
  }
}

/** The run options as the command API's `_` options, in form text like the parameters. */
function withRunOptions(request: RunRequest): Readonly<Record<string, unknown>> {
  return {
    ...request.parameters,
    ...(request.queue === true || request.async === true ? { _queue: "true" } : {}),
    ...(request.queueName === undefined ? {} : { _queue_name: request.queueName }),
    ...(request.priority === undefined ? {} : { _priority: String(request.priority) }),
    ...(request.async === true ? { _async: "true" } : {}),
    ...(request.local === true ? { _local: "true" } : {}),
    ...(request.notify === undefined ? {} : { _notify: request.notify.join(",") }),
    ...(request.notifyFail === undefined ? {} : { _notify_fail: request.notifyFail.join(",") }),
  };
}

/** Ctrl-C came before the server answered: nothing ran here to show. */
function abortedBeforeStart(command: string): RunningExecution {
  async function* none(): AsyncGenerator<Message> {
    // No message arrived.
  }
  return { id: "", command, messages: none(), finished: Promise.resolve("aborted") };
}
