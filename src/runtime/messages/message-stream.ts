import type { Message } from "../../foundations/message.js";

/**
 * An execution's live messages as an async iterable for one reader. The stream itself
 * does not drop or block: the isolate's credit window keeps the producer at most
 * `window` messages ahead of what was read (and recorded), which bounds the buffer for
 * handlers. Built-in commands run in-process and emit a few messages each, unbounded.
 * A reader that stops early (`break`) detaches: later messages are only recorded.
 * A caller that never iterates stalls a talkative handler, as an unread Node stream does.
 */
export class MessageStream implements AsyncIterable<Message> {
  #buffer: Message[] = [];
  #head = 0;
  #closed = false;
  #detached = false;
  #iterated = false;
  #consumed = 0;
  #wake: (() => void) | undefined;
  readonly #onConsumed: (count: number) => void;

  constructor(onConsumed: (count: number) => void = () => undefined) {
    this.#onConsumed = onConsumed;
  }

  /** Messages read (or dropped after the reader detached) so far. */
  get consumed(): number {
    return this.#consumed;
  }

  push(message: Message): void {
    if (this.#closed) return;
    if (this.#detached) {
      this.#consume(1);
      return;
    }
    this.#buffer.push(message);
    this.#notify();
  }

  close(): void {
    this.#closed = true;
    this.#notify();
  }

  [Symbol.asyncIterator](): AsyncIterator<Message> {
    if (this.#iterated) throw new Error("an execution's messages can be iterated once");
    this.#iterated = true;
    return {
      next: async () => {
        while (this.#head === this.#buffer.length && !this.#closed) {
          await new Promise<void>((resolve) => (this.#wake = resolve));
        }
        if (this.#head < this.#buffer.length) {
          const value = this.#buffer[this.#head] as Message;
          this.#head += 1;
          this.#compact();
          this.#consume(1);
          return { value, done: false };
        }
        return { value: undefined, done: true };
      },
      return: () => {
        this.#detached = true;
        const unread = this.#buffer.length - this.#head;
        this.#buffer = [];
        this.#head = 0;
        this.#consume(unread);
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  #consume(count: number): void {
    this.#consumed += count;
    this.#onConsumed(this.#consumed);
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Drops read messages now and then, so the buffer never holds what was read. */
  #compact(): void {
    if (this.#head >= 1024 && this.#head * 2 >= this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
  }
}
