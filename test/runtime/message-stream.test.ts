import { describe, expect, it } from "vitest";
import type { Message } from "../../src/foundations/message.js";
import { MessageStream } from "../../src/runtime/messages/message-stream.js";

const message = (seq: number): Message => ({
  type: "info",
  text: `m${seq}`,
  execution: "1",
  seq,
  time: new Date(0).toISOString(),
});

describe("MessageStream", () => {
  it("delivers pushed messages in order and ends when closed", async () => {
    const consumed: number[] = [];
    const stream = new MessageStream((count) => consumed.push(count));
    for (let seq = 1; seq <= 3; seq++) stream.push(message(seq));
    stream.close();
    const seen: number[] = [];
    for await (const m of stream) seen.push(m.seq);
    expect(seen).toEqual([1, 2, 3]);
    expect(consumed).toEqual([1, 2, 3]);
  });

  it("waits for messages pushed later", async () => {
    const stream = new MessageStream();
    setTimeout(() => {
      stream.push(message(1));
      stream.close();
    }, 10);
    const seen: number[] = [];
    for await (const m of stream) seen.push(m.seq);
    expect(seen).toEqual([1]);
  });

  it("counts unread and later messages as consumed once the reader stops", async () => {
    const stream = new MessageStream();
    for (let seq = 1; seq <= 5; seq++) stream.push(message(seq));
    for await (const m of stream) if (m.seq === 2) break;
    stream.push(message(6));
    expect(stream.consumed).toBe(6);
  });
});
