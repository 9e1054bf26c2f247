import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { ErrorPayload, FinalStatus, Message, MessageBody } from "../../foundations/message.js";
import type { LiveChannel } from "../messages/live-channel.js";
import type { MessageRecorder } from "../messages/message-recorder.js";
import { MessageStream } from "../messages/message-stream.js";

/**
 * One running execution's message plumbing: numbers each message (`seq`, `time`),
 * streams it live (to the caller and to followers) and hands it to the recorder. `released` is how far both the reader
 * and the recorder have got, which is what lets an isolate send more.
 */
export class Execution {
  readonly id: string;
  readonly stream: MessageStream;
  readonly #channel: LiveChannel | undefined;
  #recorder: MessageRecorder | undefined;
  #seq = 0;
  #settled = 0;
  #onRelease: (count: number) => void = () => undefined;
  #redact: <T>(value: T) => T = (value) => value;
  #mask: <T>(value: T) => T = (value) => value;

  /**
   * `channel` carries the messages to followers (absent for unrecorded platform
   * commands); `after` is the last `seq` already stored (a later attempt goes on from it).
   */
  constructor(id: string, channel?: LiveChannel, after = 0) {
    this.id = id;
    this.#channel = channel;
    this.#seq = after;
    this.stream = new MessageStream(() => {
      this.#release();
    });
  }

  /** Attaches the recorder (absent for unrecorded platform commands). */
  record(recorder: MessageRecorder): void {
    this.#recorder = recorder;
  }

  /** The recorder reports what it has stored here (see RecorderOptions.onStored). */
  stored(count: number): void {
    this.#channel?.stored(count);
  }

  /** The recorder reports progress here (see RecorderOptions.onSettled). */
  settled(count: number): void {
    this.#settled = count;
    this.#release();
  }

  /**
   * `redact` applies to every message (secret parameters as `***`); `mask` also to the
   * copies that leave the caller's own stream: stored and sent to other processes.
   */
  redactWith(redact: <T>(value: T) => T, mask: <T>(value: T) => T): void {
    this.#redact = redact;
    this.#mask = mask;
  }

  onRelease(listener: (count: number) => void): void {
    this.#onRelease = listener;
  }

  emit(body: MessageBody): void {
    this.#seq += 1;
    const message = {
      ...this.#redact(body),
      execution: this.id,
      seq: this.#seq,
      time: new Date().toISOString(),
    } as Message;
    this.stream.push(message);
    const kept = this.#mask(message);
    this.#channel?.publish(kept);
    this.#recorder?.add(kept);
  }

  /**
   * Ends the stream: an `error` message for failures, the `status` message, then
   * `record` stores the final state together with the messages not yet stored (see
   * MessageRecorder.finish).
   */
  async finish(
    outcome: JobOutcome,
    record: (messages: readonly Message[]) => Promise<void>,
  ): Promise<FinalStatus> {
    if (outcome.status === "failed") {
      this.emit({ type: "error", text: outcome.error.message, error: outcome.error });
    }
    return this.#end(
      outcome.status,
      outcome.status === "success"
        ? {
            type: "status",
            status: "success",
            ...(outcome.result === undefined ? {} : { result: outcome.result }),
          }
        : { type: "status", status: outcome.status, error: outcome.error },
      () => (this.#recorder === undefined ? record([]) : this.#recorder.finish(record)),
    );
  }

  /**
   * Ends this attempt without a `status` message: the execution goes back on its queue
   * (`note` says so) and a later attempt goes on with the next `seq`, so followers see one
   * stream across attempts.
   */
  async requeue(
    error: ErrorPayload,
    note: string,
    record: () => Promise<void>,
  ): Promise<FinalStatus> {
    this.emit({ type: "error", text: error.message, error });
    // Not an end: its messages are stored first, then the row goes back on its queue.
    return this.#end("failed", { type: "warning", text: note }, async () => {
      await this.#recorder?.close();
      await record();
    });
  }

  /** Emits `last`, then `store` records the messages not yet stored and the final state. */
  async #end(
    status: FinalStatus,
    last: MessageBody,
    store: () => Promise<void>,
  ): Promise<FinalStatus> {
    this.emit(last);
    try {
      await store();
    } catch (error) {
      // The run is over either way; a lost final write must not hide its outcome.
      process.emitWarning(`cannot record the end of execution ${this.id}: ${String(error)}`);
    } finally {
      this.#channel?.end();
      this.stream.close();
    }
    return status;
  }

  #release(): void {
    const recorded = this.#recorder === undefined ? Number.MAX_SAFE_INTEGER : this.#settled;
    this.#onRelease(Math.min(this.stream.consumed, recorded));
  }
}
