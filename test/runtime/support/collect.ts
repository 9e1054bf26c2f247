import type { Message } from "../../../src/foundations/message.js";
import type { RunningExecution } from "../../../src/runtime/index.js";

/** Every message of an iterable, in the order it came. */
export async function collect(messages: AsyncIterable<Message>): Promise<Message[]> {
  const all: Message[] = [];
  for await (const message of messages) all.push(message);
  return all;
}

/** The seqs of messages, for comparing orders. */
export function seqs(messages: readonly Message[]): number[] {
  return messages.map((message) => message.seq);
}

/** 1, 2, ... n. */
export function upTo(n: number, from = 1): number[] {
  return Array.from({ length: n - from + 1 }, (_, i) => from + i);
}

/**
 * Reads a run's own stream in the background (a handler pauses when nobody reads it);
 * `reached(n)` resolves once n messages have been read.
 */
export function drain(running: RunningExecution): {
  done: Promise<Message[]>;
  reached(count: number): Promise<void>;
} {
  const seen: Message[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const done = (async () => {
    for await (const message of running.messages) {
      seen.push(message);
      for (const waiter of waiting.filter((w) => w.count <= seen.length)) waiter.resolve();
    }
    for (const waiter of waiting) waiter.resolve();
    return seen;
  })();
  return {
    done,
    reached: (count) =>
      seen.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ count, resolve })),
  };
}
