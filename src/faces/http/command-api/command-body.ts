import { NotAvailable, RequestInvalid } from "../../../foundations/error-codes.js";

/** What `POST /command/<path>` asked for: the parameters and the run options beside them. */
export interface CommandBody {
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Form bodies carry text, as the CLI does; JSON bodies carry typed values. */
  readonly asText: boolean;
  /** `_async`: answer with the execution id at once instead of streaming. */
  readonly async: boolean;
}

/** Run options that arrive with the distributed shape, not in this release. */
const LATER_OPTIONS: Readonly<Record<string, string>> = {
  _queue: "queued runs need workers",
  _schedule: "schedules need the scheduler",
};

function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1";
}

/**
 * Splits a request body into parameters and options. `_async` is read here; other
 * `_` options (`_lock_wait`) pass through to the runtime, which owns them.
 */
export function readCommandBody(body: unknown, contentType: string | undefined): CommandBody {
  const asText = contentType?.startsWith("application/x-www-form-urlencoded") === true;
  if (body === undefined || body === null || body === "") {
    return { parameters: {}, asText, async: false };
  }
  if (typeof body !== "object" || Array.isArray(body)) {
    throw RequestInvalid.create("the body must be a JSON object of parameters", {
      hint: 'Send {"name": value, ...} with Content-Type: application/json, or a form body.',
    });
  }
  const parameters: Record<string, unknown> = {};
  let async = false;
  for (const [name, value] of Object.entries(body)) {
    const later = LATER_OPTIONS[name];
    if (later !== undefined) {
      throw NotAvailable.create(`'${name}' is not available: ${later}`, {
        hint: "Run the command directly, or with _async: true to return at once.",
      });
    }
    if (name === "_async") async = isTrue(value);
    else parameters[name] = value;
  }
  return { parameters, asText, async };
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
