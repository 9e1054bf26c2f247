import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Message } from "../../../foundations/message.js";

export type StreamFormat = "ndjson" | "sse";

/** Server-sent events when the client asks for them, NDJSON otherwise. */
export function streamFormatOf(request: FastifyRequest): StreamFormat {
  return request.headers.accept?.includes("text/event-stream") === true ? "sse" : "ndjson";
}

const CONTENT_TYPES: Record<StreamFormat, string> = {
  ndjson: "application/x-ndjson; charset=utf-8",
  sse: "text/event-stream; charset=utf-8",
};

function frame(format: StreamFormat, message: Message): string {
  const json = JSON.stringify(message);
  return format === "sse"
    ? `id: ${String(message.seq)}\nevent: ${message.type}\ndata: ${json}\n\n`
    : `${json}\n`;
}

export interface StreamReplyOptions {
  readonly format: StreamFormat;
  /** Sent as `x-cairn-execution` before the first message, so a client can follow or abort. */
  readonly execution: string;
  readonly messages: AsyncIterable<Message>;
  /** Called once if the client goes away before the last message. */
  readonly onClientGone?: () => void;
}

/**
 * Writes messages to the response as they come: headers at once, then each message as
 * its own line (or event). Messages that are ready together go out in one write (the
 * socket is corked until the next tick), so a talkative command does not cost a system
 * call per message, and a slow client holds the reader back instead of filling memory.
 */
export async function replyWithMessages(
  reply: FastifyReply,
  options: StreamReplyOptions,
): Promise<void> {
  void reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    "content-type": CONTENT_TYPES[options.format],
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
    "x-cairn-execution": options.execution,
  });
  raw.flushHeaders();
  const gone = clientGone(raw);
  void gone.then(() => options.onClientGone?.());
  const write = corkedWriter(raw);
  const iterator = options.messages[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), gone]);
      if (next === "gone") break;
      if (next.done === true) break;
      if (!write(frame(options.format, next.value))) {
        if ((await Promise.race([drained(raw), gone])) === "gone") break;
      }
    }
  } catch (error) {
    // Headers are out: a failure can only cut the stream short, without a status line.
    reply.log.error({ err: error }, "message stream failed");
    raw.destroy();
    return;
  } finally {
    if (raw.destroyed || !raw.writable) void iterator.return?.();
  }
  raw.end();
}

/** Resolves "gone" once the connection closes before the response ended. */
function clientGone(raw: ServerResponse): Promise<"gone"> {
  return new Promise((resolve) => {
    raw.once("close", () => {
      if (!raw.writableFinished) resolve("gone");
    });
  });
}

function drained(raw: ServerResponse): Promise<"drained"> {
  return new Promise((resolve) =>
    raw.once("drain", () => {
      resolve("drained");
    }),
  );
}

/** `write` that corks the socket for the rest of this tick, coalescing ready messages. */
function corkedWriter(raw: ServerResponse): (text: string) => boolean {
  let corked = false;
  return (text) => {
    if (!corked) {
      corked = true;
      raw.cork();
      process.nextTick(() => {
        corked = false;
        raw.uncork();
      });
    }
    return raw.write(text);
  };
}
