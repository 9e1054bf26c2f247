import { describe, expect, it } from "vitest";
import { ndjsonMessages, sseMessages } from "../../src/faces/client/message-stream.js";
import { textLines } from "../../src/faces/client/text-lines.js";

/** A byte stream delivering exactly these chunks. */
function chunks(...parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) {
        controller.enqueue(typeof part === "string" ? encoder.encode(part) : part);
      }
      controller.close();
    },
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const message = (seq: number, extra: Record<string, unknown> = {}) => ({
  type: "info",
  text: `line ${String(seq)}`,
  execution: "7",
  seq,
  time: "2026-01-01T00:00:00.000Z",
  ...extra,
});

describe("textLines", () => {
  it("joins lines split across chunks, even inside a character", async () => {
    const bytes = new TextEncoder().encode("zürich\n");
    const lines = await collect(
      textLines(chunks("ab", "c\nde", bytes.slice(0, 3), bytes.slice(3))),
    );
    expect(lines).toEqual(["abc", "dezürich"]);
  });

  it("keeps a last line without its newline and drops CR of CRLF", async () => {
    expect(await collect(textLines(chunks("a\r\nb\r\n", "c")))).toEqual(["a", "b", "c"]);
  });

  it("cancels the stream when the reader stops early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("x\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const line of textLines(stream)) {
      expect(line).toBe("x");
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe("NDJSON messages", () => {
  it("parses one message a line as the bytes arrive, skipping blank lines", async () => {
    const text = `${JSON.stringify(message(1))}\n\n${JSON.stringify(message(2))}\n${JSON.stringify(message(3))}`;
    const parts = [text.slice(0, 10), text.slice(10, 70), text.slice(70)];
    expect(await collect(ndjsonMessages(chunks(...parts)))).toEqual([
      message(1),
      message(2),
      message(3),
    ]);
  });

  it("rejects a line that is not a message", async () => {
    await expect(collect(ndjsonMessages(chunks("{oops\n")))).rejects.toThrow(/not a JSON message/);
    await expect(collect(ndjsonMessages(chunks('{"a":1}\n')))).rejects.toThrow(
      /not a Cairn message/,
    );
  });
});

describe("server-sent events", () => {
  it("parses each event's data, across chunks, with comments and multi-line data", async () => {
    const first = JSON.stringify(message(1));
    // A pretty-printed message: one `data:` line per line, joined again with newlines.
    const second = JSON.stringify(message(2), null, 2)
      .split("\n")
      .map((line) => `data: ${line}\n`)
      .join("");
    const stream = chunks(
      ": keep-alive\n\n",
      `id: 1\nevent: info\nda`,
      `ta: ${first}\n\nid: 2\n`,
      second.slice(0, 25),
      `${second.slice(25)}\n`,
    );
    expect(await collect(sseMessages(stream))).toEqual([message(1), message(2)]);
  });

  it("counts a last event without its blank line", async () => {
    const stream = chunks(`id: 3\r\nevent: status\r\ndata: ${JSON.stringify(message(3))}`);
    expect(await collect(sseMessages(stream))).toEqual([message(3)]);
  });
});
