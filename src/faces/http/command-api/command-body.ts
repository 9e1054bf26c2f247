import { ParameterInvalid, RequestInvalid } from "../../../foundations/error-codes.js";
import type { ScheduleShape } from "../../../runtime/schedule/create-schedule.js";

/** What `POST /command/<path>` asked for: the parameters and the run options beside them. */
export interface CommandBody {
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Form bodies carry text, as the CLI does; JSON bodies carry typed values. */
  readonly asText: boolean;
  /** `_async`: answer with the execution id at once instead of streaming. */
  readonly async: boolean;
  /** `_queue`, `_queue_name`, `_priority`, `_local`: where it runs (see RunRequest). */
  readonly queue: QueueOptions;
  /** `_schedule` and the options beside it: create a schedule instead of running. */
  readonly schedule?: ScheduleOptions;
  /** `_notify`, `_notify_fail`: groups told of this run's end (see RunRequest). */
  readonly notify: NotifyOptions;
}

export interface NotifyOptions {
  readonly notify?: readonly string[];
  readonly notifyFail?: readonly string[];
}

/** The notify options by body key. */
const NOTIFY_OPTIONS: Readonly<Record<string, keyof NotifyOptions>> = {
  _notify: "notify",
  _notify_fail: "notifyFail",
};

/** `_notify`: a list of group names in JSON, or comma-separated text. */
function groupsOption(name: string, value: unknown): string[] {
  const items: unknown = typeof value === "string" ? value.split(",") : value;
  const groups = Array.isArray(items)
    ? items.map((item: unknown) => (typeof item === "string" ? item.trim() : item))
    : undefined;
  if (
    groups === undefined ||
    groups.length === 0 ||
    groups.some((group) => typeof group !== "string" || group === "")
  ) {
    optionInvalid(name, `expected group names, got ${JSON.stringify(value)}`);
  }
  return groups as string[];
}

/** `_schedule: "every 1h"` with `_timezone`, `_begin`, `_end`, `_schedule_name`, `_misfire`, `_overlap`. */
export type ScheduleOptions = ScheduleShape;

export interface QueueOptions {
  readonly queue?: boolean;
  readonly queueName?: string;
  readonly priority?: number;
  /** `_local`: run in the server's process even a `background: true` command. */
  readonly local?: boolean;
}

/** The schedule options by body key. */
const SCHEDULE_OPTIONS: Readonly<Record<string, keyof ScheduleOptions>> = {
  _schedule: "schedule",
  _timezone: "timezone",
  _begin: "begin",
  _end: "end",
  _schedule_name: "name",
  _misfire: "misfire",
  _overlap: "overlap",
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
 * Splits a request body into parameters and options. `_async`, the queue options
 * (`_queue`, `_queue_name`, which implies `_queue`, `_priority` and `_local`), the notify
 * options (`_notify`, `_notify_fail`: group names, a JSON list or comma-separated) and the
 * schedule options (`_schedule`, `_timezone`, `_begin`, `_end`, `_schedule_name`,
 * `_misfire`, `_overlap`) are read here; other `_` options (`_lock_wait`) pass through
 * to the runtime, which owns them.
 */
export function readCommandBody(body: unknown, contentType: string | undefined): CommandBody {
  const asText = contentType?.startsWith("application/x-www-form-urlencoded") === true;
  if (body === undefined || body === null || body === "") {
    return { parameters: {}, asText, async: false, queue: {}, notify: {} };
  }
  if (typeof body !== "object" || Array.isArray(body)) {
    throw RequestInvalid.create("the body must be a JSON object of parameters", {
      hint: 'Send {"name": value, ...} with Content-Type: application/json, or a form body.',
    });
  }
  const parameters: Record<string, unknown> = {};
  let async = false;
  let queue: QueueOptions = {};
  const notify: Partial<Record<keyof NotifyOptions, string[]>> = {};
  const schedule: Partial<Record<keyof ScheduleOptions, string>> = {};
  for (const [name, value] of Object.entries(body)) {
    const option = SCHEDULE_OPTIONS[name];
    if (option !== undefined) {
      if (value === undefined || value === null) continue;
      if (typeof value !== "string" || value.trim() === "")
        optionInvalid(name, `expected text, got ${JSON.stringify(value)}`);
      schedule[option] = value;
    } else if (NOTIFY_OPTIONS[name] !== undefined) {
      if (value !== undefined && value !== null)
        notify[NOTIFY_OPTIONS[name]] = groupsOption(name, value);
    } else if (name === "_async") async = isTrue(value);
    else if (QUEUE_OPTIONS.has(name)) queue = queueOption(queue, name, value);
    else parameters[name] = value;
  }
  if (schedule.schedule !== undefined && Object.keys(notify).length > 0) {
    optionInvalid(
      notify.notify === undefined ? "_notify_fail" : "_notify",
      "tells of one run: it goes not with _schedule (`notification save` subscribes groups to every run)",
    );
  }
  return {
    parameters,
    asText,
    async,
    queue,
    notify,
    ...scheduleOf(schedule, async, queue),
  };
}

/** The schedule options, which need `_schedule` and go with no option of a run. */
function scheduleOf(
  given: Partial<Record<keyof ScheduleOptions, string>>,
  async: boolean,
  queue: QueueOptions,
): { schedule?: ScheduleOptions } {
  const { schedule, ...shaping } = given;
  const names = Object.keys(SCHEDULE_OPTIONS).filter((key) => {
    const option = SCHEDULE_OPTIONS[key];
    return option !== undefined && given[option] !== undefined;
  });
  if (schedule === undefined) {
    const [first] = names;
    if (first !== undefined) optionInvalid(first, "goes with _schedule, which is not given");
    return {};
  }
  if (async || Object.keys(queue).length > 0) {
    optionInvalid(
      "_schedule",
      "creates a schedule: it goes with none of _async, _queue, _queue_name, _priority and _local",
    );
  }
  return { schedule: { schedule, ...shaping } };
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
