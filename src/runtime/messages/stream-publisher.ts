import type { MessageStreams } from "../../engines/executors/queue/message-streams.js";
import type { Message } from "../../foundations/message.js";
import { boundedBody } from "../execution/bounded-for-storage.js";

/** Messages per append: one round trip each. */
const BATCH = 1000;

/**
 * Sends the live messages of the executions running in this process to their streams,
 * so followers on other processes see them before they are stored. Messages emitted in
 * the same turn of the event loop go in one append (one round trip); one append at a
 * time keeps each execution's order. The emitter never waits for Redis, and Redis never
 * fails a run: a failed append is reported once (until one succeeds again) and its
 * messages are left to the database, where followers find them through the gap. While
 * appends are slower than messages come, at most `limit` wait; older ones are dropped
 * (the stream would trim them anyway).
 */
export class StreamPublisher {
  readonly #streams: MessageStreams;
  readonly #limit: number;
  #pending: Message[] = [];
  #scheduled = false;
  #sending: Promise<void> | undefined;
  #failing = false;

  constructor(streams: MessageStreams, limit = 10_000) {
    this.#streams = streams;
    this.#limit = Math.max(1, limit);
  }

  publish(message: Message): void {
    this.#pending.push(message);
    if (this.#pending.length > this.#limit) {
      this.#pending = this.#pending.slice(this.#pending.length - this.#limit);
    }
    if (this.#scheduled || this.#sending !== undefined) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#send();
    });
  }

  /** Sends what is waiting; resolves once it is sent (or given up). */
  async flush(): Promise<void> {
    this.#send();
    while (this.#sending !== undefined) await this.#sending;
  }

  #send(): void {
    if (this.#pending.length === 0) return;
    this.#sending ??= this.#drain().finally(() => {
      this.#sending = undefined;
      this.#send();
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.slice(0, BATCH);
      this.#pending = this.#pending.slice(batch.length);
      try {
        await this.#streams.append(batch.map(asStored));
        this.#failing = false;
      } catch (error) {
        if (!this.#failing) {
          this.#failing = true;
          process.emitWarning(
            `cannot stream live messages to followers on other processes (they read the database instead): ${String(error)}`,
          );
        }
      }
    }
  }
}

/**
 * A message as followers elsewhere get it from the database: its body capped as stored
 * (see boundedBody), so reading from the stream or from the database gives the same.
 */
function asStored(message: Message): Message {
  const { execution, seq, time, ...body } = message;
  const bounded = boundedBody(body);
  return bounded === body ? message : ({ ...bounded, execution, seq, time } as Message);
}
