import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { registeredErrors } from "../../../src/foundations/define-error.js";
import "../../../src/foundations/error-codes.js";
import type { Message } from "../../../src/foundations/message.js";

/** One request as a test describes it; `payload` objects go as JSON, strings as they are. */
export interface Call {
  readonly method?: "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
  readonly url: string;
  readonly payload?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The client address the request comes from (the throttle counts by it). */
  readonly remoteAddress?: string;
}

/**
 * What a request came to, alike for every face: the HTTP status, or for a command run
 * that failed after its stream began, the status its error code stands for.
 */
export interface Outcome {
  readonly status: number;
  /** The error's code, when it failed. */
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** A command's result (the status line's), or the parsed JSON body. */
  readonly result: unknown;
  /** Every streamed message of a command run. */
  readonly messages: readonly Message[];
  readonly headers: LightMyRequestResponse["headers"];
  /** The body as sent. */
  readonly body: string;
}

const STATUS_OF_CODE = new Map(registeredErrors().map((error) => [error.code, error.status]));

interface ErrorShape {
  readonly code?: string;
  readonly message?: string;
  readonly details?: Record<string, unknown>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorOf(value: unknown): ErrorShape | undefined {
  if (typeof value !== "object" || value === null || !("error" in value)) return undefined;
  const error = value.error;
  return typeof error === "object" && error !== null ? error : undefined;
}

/** The NDJSON messages of a command stream (lines that are not JSON objects are left out). */
export function streamedMessages(body: string): Message[] {
  return body
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => parseJson(line))
    .filter((value): value is Message => typeof value === "object" && value !== null);
}

/** Reads a response as an Outcome; `stream` when it is a command run's NDJSON stream. */
export function outcomeOf(response: LightMyRequestResponse, stream: boolean): Outcome {
  const body = response.body;
  const base = { headers: response.headers, body };
  const isStream =
    stream &&
    response.statusCode === 200 &&
    String(response.headers["content-type"]).startsWith("application/x-ndjson");
  if (isStream) {
    const messages = streamedMessages(body);
    const last = messages.at(-1);
    if (last?.type !== "status") {
      return {
        ...base,
        status: 599,
        code: "NO_STATUS_LINE",
        message: body,
        details: undefined,
        result: undefined,
        messages,
      };
    }
    if (last.status === "success") {
      return {
        ...base,
        status: 200,
        code: undefined,
        message: undefined,
        details: undefined,
        result: last.result,
        messages,
      };
    }
    const code = last.error?.code ?? "UNKNOWN";
    return {
      ...base,
      status: STATUS_OF_CODE.get(code) ?? 500,
      code,
      message: last.error?.message,
      details: last.error?.details,
      result: undefined,
      messages,
    };
  }
  const parsed = parseJson(body);
  const error = errorOf(parsed);
  return {
    ...base,
    status: response.statusCode,
    code: error?.code,
    message: error?.message,
    details: error?.details,
    result: parsed,
    messages: [],
  };
}

/** Sends `call` with `token` as its bearer token (none when undefined). */
export async function send(
  app: FastifyInstance,
  token: string | undefined,
  call: Call,
): Promise<Outcome> {
  const json = call.payload !== undefined && typeof call.payload !== "string";
  const headers: Record<string, string> = {
    ...(json ? { "content-type": "application/json" } : {}),
    ...(call.headers ?? {}),
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
  };
  const response = await app.inject({
    method: call.method ?? "GET",
    url: call.url,
    headers,
    ...(call.payload === undefined
      ? {}
      : { payload: json ? JSON.stringify(call.payload) : call.payload }),
    ...(call.remoteAddress === undefined ? {} : { remoteAddress: call.remoteAddress }),
  });
  const stream = (call.method ?? "GET") === "POST" && call.url.startsWith("/command/");
  return outcomeOf(response, stream);
}

/** A fresh client address each call, so bad tokens sent on purpose never trip the throttle. */
export function addresses(prefix: string): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}.${Math.floor(next / 250) % 250}.${(next % 250) + 1}`;
  };
}

/** A command run's request: `POST /command/<path>` with JSON parameters. */
export function command(path: string, parameters: Record<string, unknown> = {}): Call {
  return { method: "POST", url: `/command/${path.split(" ").join("/")}`, payload: parameters };
}

/** The same run as `cairn --host` sends it: parameters as form text. */
export function commandAsForm(path: string, parameters: Record<string, string>): Call {
  return {
    method: "POST",
    url: `/command/${path.split(" ").join("/")}`,
    payload: new URLSearchParams(parameters).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}
