import {
  NotAvailable,
  ParameterInvalid,
  RequestInvalid,
} from "../../../foundations/error-codes.js";

/** What `POST /command/<path>` asked for: the parameters and the run options beside them. */
export interface CommandBody {
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Form bodies carry text, as the CLI does; JSON bodies carry typed values. */
  readonly asText: boolean;
  /** `_async`: answer with the execution id at once instead of streaming. */
  readonly async: boolean;
  /** `_queue`, `_queue_name`, `_priority`, `_local`: where it runs (see RunRequest). */
  readonly queue: QueueOptions;
}

export interface QueueOptions {
  readonly queue?: boolean;
  readonly queueName?: string;
  readonly priority?: number;
  /** `_local`: run in the server's process even a `background: true` command. */
  readonly local?: boolean;
}

/** Run options that arrive with the distributed shape, not in this release. */
const LATER_OPTIONS: Readonly<Record<string, string>> = {
  _schedule: "schedules need the scheduler",
};

function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1";
}

function optionInvalid(name: string, problem: string): never {
  throw ParameterInvalid.create(`option '${name}': ${problem}`, {
    details: { problems: [{ parameter: name, problem }] },
  });
}

/** `_queue_name` and `_priority` as given in JSON or as form text. */
function queueOption(options: QueueOptions, name: string, value: unknown): QueueOptions {
  if (name === "_queue") return { ...options, queue: isTrue(value) };
  if (name === "_local") return { ...options, local: isTrue(value) };
  if (name === "_queue_name") {
    if (typeof value !== "string" || value === "")
      optionInvalid(name, `expected a queue name, got ${JSON.stringify(value)}`);
    return { ...options, queueName: value, queue: options.queue ?? true };
  }
  const priority = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof priority !== "number" || !Number.isSafeInteger(priority) || priority < 0)
    optionInvalid(name, `expected a whole number of at least 0, got ${JSON.stringify(value)}`);
  return { ...options, priority };
}

const QUEUE_OPTIONS = new Set(["_queue", "_queue_name", "_priority", "_local"]);

/**
 * Splits a request body into parameters and options. `_async` and the queue options
 * (`_queue`, `_queue_name`, which implies `_queue`, `_priority` and `_local`) are read here; other
 * `_` options (`_lock_wait`) pass through to the runtime, which owns them.
 */
export function readCommandBody(body: unknown, contentType: string | undefined): CommandBody {
  const asText = contentType?.startsWith("application/x-www-form-urlencoded") === true;
  if (body === undefined || body === null || body === "") {
    return { parameters: {}, asText, async: false, queue: {} };
  }
  if (typeof body !== "object" || Array.isArray(body)) {
    throw RequestInvalid.create("the body must be a JSON object of parameters", {
      hint: 'Send {"name": value, ...} with Content-Type: application/json, or a form body.',
    });
  }
  const parameters: Record<string, unknown> = {};
  let async = false;
  let queue: QueueOptions = {};
  for (const [name, value] of Object.entries(body)) {
    const later = LATER_OPTIONS[name];
    if (later !== undefined) {
      throw NotAvailable.create(`'${name}' is not available: ${later}`, {
        hint: "Run the command directly, or with _async: true to return at once.",
      });
    }
    if (name === "_async") async = isTrue(value);
    else if (QUEUE_OPTIONS.has(name)) queue = queueOption(queue, name, value);
    else parameters[name] = value;
  }
  return { parameters, asText, async, queue };
}

/** Parses `application/x-www-form-urlencoded`; a repeated name becomes a comma-separated list. */
export function parseFormBody(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = values[name];
    values[name] = previous === undefined ? value : `${previous},${value}`;
  }
  return values;
}
