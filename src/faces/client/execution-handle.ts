import type { ExecutionStatus } from "../../foundations/message.js";
import { CommandRun } from "./command-run.js";
import { pathOf, type HttpTransport } from "./http-transport.js";
import { ACCEPT, type StreamFormat } from "./message-stream.js";

/** The answer to an abort request. */
export interface AbortAnswer {
  readonly execution: string;
  /** The execution's status when the request arrived. */
  readonly status: ExecutionStatus;
  /** Whether an abort was signalled: false when the run had ended already. */
  readonly aborting: boolean;
}

export interface FollowOptions {
  /** Only messages after this `seq` (to resume where a reader stopped). Default 0: all. */
  readonly after?: number;
  /** Stops following (the execution itself goes on). */
  readonly signal?: AbortSignal;
}

/**
 * One execution by its id, whoever started it: follow its messages (replayed, then
 * live), abort it, or run it again with the same parameters.
 */
export class ExecutionHandle {
  constructor(
    private readonly transport: HttpTransport,
    /** The execution id. */
    readonly id: string,
    private readonly format: StreamFormat,
  ) {}

  /**
   * The execution's messages from the start (or after `after`), then live ones until
   * its status. A finished execution replays its recorded messages and ends.
   */
  follow(options: FollowOptions = {}): CommandRun {
    const query = new URLSearchParams();
    if (options.after !== undefined) query.set("after", String(options.after));
    const response = this.transport.send(
      this.transport.url(pathOf("command", "executions", this.id, "stream"), query),
      { accept: ACCEPT[this.format], signal: options.signal },
    );
    return new CommandRun(response, this.id);
  }

  /** Asks the execution to stop; an interruptible handler sees its `ctx.signal` abort. */
  async abort(options: { readonly signal?: AbortSignal } = {}): Promise<AbortAnswer> {
    const url = this.transport.url(pathOf("command", "executions", this.id, "abort"));
    return (await this.transport.json(url, {
      method: "POST",
      signal: options.signal,
    })) as AbortAnswer;
  }

  /** Runs the same command again with the same parameters: a new execution, streamed. */
  rerun(options: { readonly signal?: AbortSignal } = {}): CommandRun {
    const url = this.transport.url(pathOf("command", "executions", this.id, "rerun"));
    return new CommandRun(
      this.transport.send(url, {
        method: "POST",
        accept: ACCEPT[this.format],
        signal: options.signal,
      }),
    );
  }
}
