import type { Message } from "../../foundations/message.js";
import { CairnApiError } from "./cairn-api-error.js";
import { messagesOf, streamFormatOf } from "./message-stream.js";

/** The last message of every run: how it ended, with its result or error. */
export type StatusMessage = Extract<Message, { type: "status" }>;

/** The header that names the execution a streamed answer belongs to. */
export const EXECUTION_HEADER = "x-cairn-execution";

/** Code of an execution that ended `aborted` without an error of its own. */
const ABORTED = "CAIRN_EXECUTION_ABORTED";

/**
 * A command run as it streams from the server: iterate it (once) for every message in
 * `seq` order, the `status` message last, or await {@link CommandRun.result}.
 *
 * ```ts
 * const run = client.run("weather fetch", { station: "03005", days: 3 });
 * console.log("execution", await run.id);
 * for await (const message of run) {
 *   if (message.type === "progress") console.log(`${message.done}/${message.total}`);
 * }
 * ```
 */
export class CommandRun implements AsyncIterable<Message> {
  /**
   * The execution id, once the answer's headers have arrived. Rejects with a
   * CairnApiError when the server refused to start the run (an unknown command, a bad
   * parameter, a lock held), so awaiting it is how to wait until the run has started.
   */
  readonly id: Promise<string>;
  readonly #response: Promise<Response>;
  readonly #final: Promise<StatusMessage>;
  #settle: (status: StatusMessage | Error) => void = () => undefined;
  #iterated = false;

  /** Made by CairnClient (`run`, `execution(id).follow`, `.rerun`), not directly. */
  constructor(response: Promise<Response>, knownId?: string) {
    this.#response = response;
    this.id = response.then((answer) => answer.headers.get(EXECUTION_HEADER) ?? knownId ?? "");
    this.#final = new Promise<StatusMessage>((resolve, reject) => {
      this.#settle = (outcome) => {
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
    });
    // Rejections surface where they are awaited; none is left unhandled meanwhile.
    this.id.catch(() => undefined);
    this.#final.catch(() => undefined);
  }

  /** Every message in `seq` order, ending with the `status` message. Iterate once. */
  [Symbol.asyncIterator](): AsyncIterator<Message> {
    if (this.#iterated) throw new TypeError("a command run's messages can be read only once");
    this.#iterated = true;
    return this.#messages();
  }

  /**
   * The final `status` message. Reads (and drops) the messages if nobody iterates
   * them; rejects when the stream ends, or reading stops, before the status arrived.
   */
  async status(): Promise<StatusMessage> {
    if (!this.#iterated) {
      const iterator = this[Symbol.asyncIterator]();
      while (!(await iterator.next()).done) {
        // Only the status is wanted; the messages are dropped.
      }
    }
    return this.#final;
  }

  /**
   * The command's return value once it succeeded. Throws a CairnApiError with the
   * run's error when it failed or was aborted (and when it could not start).
   */
  async result<T = unknown>(): Promise<T> {
    const status = await this.status();
    if (status.status === "success") return status.result as T;
    throw new CairnApiError(
      200,
      status.error ?? { code: ABORTED, message: `execution ${status.execution} was aborted` },
      status.execution,
    );
  }

  async *#messages(): AsyncGenerator<Message> {
    let final: StatusMessage | undefined;
    let failure: Error | undefined;
    try {
      const response = await this.#response;
      if (response.body === null) throw new TypeError("the answer has no body to stream");
      const format = streamFormatOf(response.headers.get("content-type"));
      for await (const message of messagesOf(response.body, format)) {
        if (message.type === "status") final = message;
        yield message;
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      this.#settle(
        final ??
          failure ??
          new Error("the message stream ended before the execution's status arrived"),
      );
    }
  }
}
