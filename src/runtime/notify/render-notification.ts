import type { RecordRow } from "../../engines/storage/records/record-store.js";
import { REDACTED } from "../../foundations/redact-secrets.js";

/** How many of the last messages a notification carries. */
export const LAST_MESSAGES = 20;
/** How long one message line or value may get in a notification. */
const LINE_CHARS = 500;

/** What a notification tells of one execution. */
export interface NotificationFacts {
  /** The project's name (cairn.yml). */
  readonly project: string;
  /** CAIRN_PUBLIC_URL, without a trailing slash. */
  readonly publicUrl: string;
  /** The `execution` row, as the store reads it. */
  readonly execution: RecordRow;
  /** The run's attempts in all (retries + 1). */
  readonly attempts: number;
  /** Its last messages, in `seq` order. */
  readonly messages: readonly RecordRow[];
  /** How many messages it has in all. */
  readonly messageCount: number;
  /** The groups told (as subscribed and asked for, without those below them). */
  readonly groups: readonly string[];
}

export interface RenderedNotification {
  readonly subject: string;
  readonly text: string;
  /** The webhook's JSON document. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Parameter names whose values never leave in a notification. */
const SECRET_NAME = /pass(word|wd|phrase)?|secret|token|api_?key|private_?key|credential/i;

/** The parameters as recorded, values of secret-looking names replaced by `***`. */
export function redactedParameters(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([name, item]) => [
      name,
      SECRET_NAME.test(name) && item !== null && item !== "" ? REDACTED : item,
    ]),
  );
}

function clipped(text: string): string {
  const line = text.replace(/\s*\n\s*/g, " ⏎ ");
  return line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS - 1)}…` : line;
}

/** A value as compact text: strings as they are, anything else as JSON. */
function compact(value: unknown): string {
  if (typeof value === "string") return value;
  const json = JSON.stringify(value) as string | undefined;
  return json ?? "";
}

/** A scalar column as text; empty when absent. */
function text(value: unknown, fallback = ""): string {
  if (value === null || value === undefined) return fallback;
  return compact(value);
}

/** One stored message as a line of text: `12:00:03 error    connection refused`. */
function messageLine(message: RecordRow): string {
  const body = (message.body ?? {}) as Readonly<Record<string, unknown>>;
  const type = text(message.type, text(body.type));
  const time = typeof message.time === "string" ? message.time.slice(11, 19) : "";
  let line: string;
  switch (type) {
    case "data":
      line = compact(body.value);
      break;
    case "table":
      line = `(a table of ${String(Array.isArray(body.rows) ? body.rows.length : 0)} rows)`;
      break;
    case "progress":
      line = `${String(body.done)}/${String(body.total)}${typeof body.label === "string" ? ` ${body.label}` : ""}`;
      break;
    case "status": {
      const error = body.error as { code?: unknown; message?: unknown } | undefined;
      line = `${String(body.status)}${error === undefined ? "" : `: ${String(error.message)}`}`;
      break;
    }
    default:
      line = typeof body.text === "string" ? body.text : compact(body);
  }
  return clipped(`${time} ${type.padEnd(8)} ${line}`);
}

function errorOf(execution: RecordRow): { code: string; message: string } | undefined {
  const error = execution.error as { code?: unknown; message?: unknown } | null | undefined;
  if (error === null || error === undefined || typeof error !== "object") return undefined;
  return { code: text(error.code), message: text(error.message) };
}

function durationOf(execution: RecordRow): string | undefined {
  const started = Date.parse(String(execution.started));
  const finished = Date.parse(String(execution.finished));
  if (Number.isNaN(started) || Number.isNaN(finished)) return undefined;
  const seconds = (finished - started) / 1000;
  return seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/**
 * The subject, text body and webhook document of a notification: the status and the
 * command up front, then who ran it and when, the error, the parameters (as recorded,
 * secret-looking values redacted), the last messages, and where to read the full log
 * (the CLI command and the command API's URL).
 */
export function renderNotification(facts: NotificationFacts): RenderedNotification {
  const { execution } = facts;
  const id = String(execution.id);
  const command = String(execution.command);
  const status = String(execution.status);
  const subject = `[${facts.project}] ${status}: ${command} (#${id})`;
  const parameters = redactedParameters(execution.parameters);
  const error = errorOf(execution);
  const duration = durationOf(execution);
  const streamUrl = `${facts.publicUrl}/command/executions/${id}/stream`;
  const dataUrl = `${facts.publicUrl}/data/execution_message?execution=${id}&limit=1000`;
  const cli = `cairn execution_message list execution=${id} --limit 1000`;
  const shown = facts.messages.length;
  const lines = [
    `${command} ${status === "success" ? "succeeded" : status === "lost" ? "was lost (its worker stopped)" : status}.`,
    "",
    `execution  ${id}`,
    `project    ${facts.project}`,
    `status     ${status} (attempt ${text(execution.attempt, "1")} of ${String(facts.attempts)})`,
    `user       ${text(execution.user)}`,
    `origin     ${text(execution.origin)}`,
    `started    ${text(execution.started)}`,
    `finished   ${text(execution.finished)}${duration === undefined ? "" : ` (${duration})`}`,
    ...(error === undefined ? [] : [`error      ${error.code}: ${clipped(error.message)}`]),
    `notified   ${facts.groups.join(", ")}`,
    "",
    "Parameters:",
    ...(Object.keys(parameters).length === 0
      ? ["  (none)"]
      : Object.entries(parameters).map(([name, value]) => clipped(`  ${name}: ${compact(value)}`))),
    "",
    shown < facts.messageCount
      ? `The last ${String(shown)} of ${String(facts.messageCount)} messages:`
      : `Messages (${String(shown)}):`,
    ...facts.messages.map((message) => `  ${messageLine(message)}`),
    "",
    "The full log:",
    `  ${cli}`,
    `  ${streamUrl}`,
    "",
  ];
  return {
    subject,
    text: lines.join("\n"),
    payload: {
      event: "execution.ended",
      text: subject,
      project: facts.project,
      execution: {
        id,
        command,
        status,
        user: execution.user ?? null,
        origin: execution.origin ?? null,
        attempt: execution.attempt ?? 1,
        attempts: facts.attempts,
        started: execution.started ?? null,
        finished: execution.finished ?? null,
        parameters,
        error: error ?? null,
        url: streamUrl,
        messages_url: dataUrl,
      },
      groups: facts.groups,
      messages: facts.messages.map((message) => ({
        seq: message.seq,
        time: message.time,
        ...((message.body ?? {}) as Readonly<Record<string, unknown>>),
      })),
      message_count: facts.messageCount,
    },
  };
}
