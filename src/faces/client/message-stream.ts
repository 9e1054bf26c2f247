import type { Message } from "../../foundations/message.js";
import { textLines } from "./text-lines.js";

/** How a stream of messages travels: NDJSON lines, or server-sent events. */
export type StreamFormat = "ndjson" | "sse";

/** The `Accept` header that asks for a format. */
export const ACCEPT: Readonly<Record<StreamFormat, string>> = {
  ndjson: "application/x-ndjson",
  sse: "text/event-stream",
};

/** The format of an answer, from its Content-Type (NDJSON unless it says SSE). */
export function streamFormatOf(contentType: string | null): StreamFormat {
  return contentType?.includes("text/event-stream") === true ? "sse" : "ndjson";
}

/** The messages of a streamed answer, parsed as they arrive. */
export function messagesOf(
  body: ReadableStream<Uint8Array>,
  format: StreamFormat,
): AsyncGenerator<Message> {
  return format === "sse" ? sseMessages(body) : ndjsonMessages(body);
}

/** One JSON message a line; blank lines are skipped. */
export async function* ndjsonMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<Message> {
  for await (const line of textLines(body)) {
    if (line.trim() === "") continue;
    yield parseMessage(line);
  }
}

/**
 * Server-sent events (`id:`, `event:`, `data:` lines, a blank line ending each event),
 * each event's data one JSON message. Comments (`:`) and events without data are
 * skipped; a last event without its blank line still counts.
 */
export async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<Message> {
  let data: string[] = [];
  for await (const line of textLines(body)) {
    if (line === "") {
      if (data.length > 0) yield parseMessage(data.join("\n"));
      data = [];
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== "data") continue;
    const value = colon < 0 ? "" : line.slice(colon + 1);
    data.push(value.startsWith(" ") ? value.slice(1) : value);
  }
  if (data.length > 0) yield parseMessage(data.join("\n"));
}

function parseMessage(text: string): Message {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TypeError(`not a JSON message: ${text.slice(0, 200)}`);
  }
  if (!isMessage(value)) throw new TypeError(`not a Cairn message: ${text.slice(0, 200)}`);
  return value;
}

function isMessage(value: unknown): value is Message {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.type === "string" && typeof candidate.seq === "number";
}
