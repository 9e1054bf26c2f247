import type { CommandDescription } from "./command-description.js";
import { CommandRun } from "./command-run.js";
import { DataModel, type Row } from "./data-model.js";
import { ExecutionHandle } from "./execution-handle.js";
import { HttpTransport, pathOf } from "./http-transport.js";
import { ACCEPT, type StreamFormat } from "./message-stream.js";

export interface CairnClientOptions {
  /** The server's base URL: `http://127.0.0.1:8000`, or one with a path prefix. */
  readonly url: string | URL;
  /** The bearer token sent with every request (the server's CAIRN_ADMIN_TOKEN for now). */
  readonly token?: string | undefined;
  /** The fetch to use (default: the global one), e.g. one with a proxy or retries. */
  readonly fetch?: typeof fetch | undefined;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * How streams travel: `ndjson` (default) or `sse` (server-sent events), for proxies
   * that buffer anything but event streams. Either way the client yields the same messages.
   */
  readonly stream?: StreamFormat | undefined;
  /**
   * A CA certificate (PEM) to trust besides the system's, for a server whose certificate
   * it signed (a private CA, a self-signed certificate). Node.js only. Certificates are
   * always verified.
   */
  readonly ca?: string | Uint8Array | undefined;
  /**
   * Allow sending the token over plain `http://` to a host that is not this machine
   * (loopback: `localhost`, 127.0.0.0/8, `::1`). Without it such a client throws a
   * CairnClientError `CAIRN_TOKEN_INSECURE` before any request.
   */
  readonly insecure?: boolean | undefined;
}

/** A command's parameters: typed JSON values, or text as on the command line (`form`). */
export type CommandParameters = Readonly<Record<string, unknown>>;

export interface RunOptions {
  /**
   * Cancels the request. The server then aborts the run if the command is
   * interruptible; any other run goes on to its end, recorded.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * `json` (default) sends typed values (`{"days": 3, "tags": ["a", "b"]}`). `form`
   * sends every value as text, exactly as the CLI does (`days=3`, lists
   * comma-separated, flags `true`), and the server converts it as it converts CLI words.
   */
  readonly encoding?: "json" | "form" | undefined;
}

/** When a schedule fires, and how (`client.schedule`); see the command API's `_schedule`. */
export interface ScheduleOptions {
  /** `every 15m`, `cron 0 6 * * 1-5` or `at 2026-12-25T08:00`. */
  readonly schedule: string;
  /** The IANA time zone its cron and at times are read in (default: the server's). */
  readonly timezone?: string | undefined;
  /** No fire before this: an exact instant, or a date and time in the time zone. */
  readonly begin?: string | undefined;
  /** No fire at or after this. */
  readonly end?: string | undefined;
  /** Default: made from the command's words, such as `weather-fetch-3f9a`. */
  readonly name?: string | undefined;
  /** `skip`, `run_once` (default) or `catch_up[:N]`. */
  readonly misfire?: string | undefined;
  /** `allow`, `skip` (default) or `queue`. */
  readonly overlap?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** How the parameters travel, as for `run`. */
  readonly encoding?: "json" | "form" | undefined;
}

/** A created schedule: its stored row and its next fire times. */
export interface CreatedSchedule {
  readonly schedule: Row;
  /** Each next fire in UTC, and as the wall time with its offset in the schedule's zone. */
  readonly next: readonly { readonly utc: string; readonly local: string }[];
}

/**
 * A client of a Cairn server's command and data APIs. It uses only `fetch`, so it runs
 * in Node.js (20 or newer), browsers, Deno and Bun alike.
 *
 * ```ts
 * import { CairnClient } from "cairn/client";
 *
 * const client = new CairnClient({ url: "http://127.0.0.1:8000", token: process.env.CAIRN_TOKEN });
 * for await (const message of client.run("station list", { order: "-number" })) {
 *   if (message.type === "status") console.log(message.status, message.result);
 * }
 * ```
 */
export class CairnClient {
  readonly #transport: HttpTransport;
  readonly #stream: StreamFormat;

  constructor(options: CairnClientOptions) {
    this.#transport = new HttpTransport(options);
    this.#stream = options.stream ?? "ndjson";
  }

  /** The server's base URL. */
  get url(): string {
    return this.#transport.baseUrl.href.replace(/\/$/, "");
  }

  /** The server's commands with their parameters' JSON Schemas (`GET /command`). */
  async commands(options: { readonly signal?: AbortSignal } = {}): Promise<CommandDescription[]> {
    const answer = (await this.#transport.json(this.#transport.url("command"), {
      signal: options.signal,
    })) as { commands: CommandDescription[] };
    return answer.commands;
  }

  /**
   * Runs a command (`"weather fetch"` or `["weather", "fetch"]`) and streams its
   * messages. The request starts at once; iterate the result for the messages, await
   * its `id` for the execution id, or its `result()` for the return value.
   *
   * Filters of `list` and `clear` go beside the parameters (`{ name__icontains: "x" }`),
   * and so do run options starting with `_` (`_lock_wait`).
   */
  run(
    command: string | readonly string[],
    parameters: CommandParameters = {},
    options: RunOptions = {},
  ): CommandRun {
    const words = typeof command === "string" ? command.split(/\s+/).filter(Boolean) : command;
    const url = this.#transport.url(pathOf("command", ...words));
    const form = options.encoding === "form";
    const response = this.#transport.send(url, {
      method: "POST",
      accept: ACCEPT[this.#stream],
      signal: options.signal,
      ...(form ? { form: formOf(parameters) } : { json: parameters }),
    });
    return new CommandRun(response);
  }

  /**
   * Creates a schedule of a command instead of running it (`_schedule`). Rejects with the
   * server's CairnApiError when a part is wrong (CAIRN_SCHEDULE_INVALID,
   * CAIRN_PARAMETER_INVALID, CAIRN_RECORD_CONFLICT for a name that exists).
   */
  async schedule(
    command: string | readonly string[],
    parameters: CommandParameters,
    options: ScheduleOptions,
  ): Promise<CreatedSchedule> {
    const words = typeof command === "string" ? command.split(/\s+/).filter(Boolean) : command;
    const body: Record<string, unknown> = { ...parameters };
    const shape: Record<string, string | undefined> = {
      _schedule: options.schedule,
      _timezone: options.timezone,
      _begin: options.begin,
      _end: options.end,
      _schedule_name: options.name,
      _misfire: options.misfire,
      _overlap: options.overlap,
    };
    for (const [key, value] of Object.entries(shape)) if (value !== undefined) body[key] = value;
    const form = options.encoding === "form";
    return (await this.#transport.json(this.#transport.url(pathOf("command", ...words)), {
      method: "POST",
      signal: options.signal,
      ...(form ? { form: formOf(body) } : { json: body }),
    })) as CreatedSchedule;
  }

  /** An execution by id, to follow, abort or rerun it. */
  execution(id: string | number): ExecutionHandle {
    return new ExecutionHandle(this.#transport, String(id), this.#stream);
  }

  /**
   * One model of the data API. `T` types its rows (default: a record of unknown values).
   */
  data<T extends object = Row>(model: string): DataModel<T> {
    return new DataModel<T>(this.#transport, model);
  }
}

/** Parameters as form text: lists comma-separated, absent (undefined, null) values left out. */
function formOf(parameters: CommandParameters): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined || value === null) continue;
    form.set(name, Array.isArray(value) ? value.map(textOf).join(",") : textOf(value));
  }
  return form;
}

function textOf(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}
