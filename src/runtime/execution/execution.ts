import type { JobOutcome } from "../../engines/executors/protocol.js";
import type { FinalStatus, Message, MessageBody } from "../../foundations/message.js";
import type { MessageRecorder } from "../messages/message-recorder.js";
import { MessageStream } from "../messages/message-stream.js";

/**
 * One running execution's message plumbing: numbers each message (`seq`, `time`),
 * streams it live and hands it to the recorder. `released` is how far both the reader
 * and the recorder have got, which is what lets an isolate send more.
 */
export class Execution {
  readonly id: string;
  readonly stream: MessageStream;
  #recorder: MessageRecorder | undefined;
  #seq = 0;
  #settled = 0;
  #onRelease: (count: number) => void = () => undefined;

  constructor(id: string) {
    this.id = id;
    this.stream = new MessageStream(() => {
      this.#release();
    });
  }

  /** Attaches the recorder (absent for unrecorded platform commands). */
  record(recorder: MessageRecorder): void {
    this.#recorder = recorder;
  }

  /** The recorder reports progress here (see RecorderOptions.onSettled). */
  settled(count: number): void {
    this.#settled = count;
    this.#release();
  }

  onRelease(listener: (count: number) => void): void {
    this.#onRelease = listener;
  }

  emit(body: MessageBody): void {
    this.#seq += 1;
    const message = {
      ...body,
      execution: this.id,
      seq: this.#seq,
      time: new Date().toISOString(),
    } as Message;
    this.stream.push(message);
    this.#recorder?.add(message);
  }

  /**
   * Ends the stream: an `error` message for failures, the `status` message, then the
   * last batch of messages is written before `record` stores the final state.
   */
  async finish(
    outcome: JobOutcome,
    record: (status: FinalStatus) => Promise<void>,
  ): Promise<FinalStatus> {
    if (outcome.status === "failed") {
      this.emit({ type: "error", text: outcome.error.message, error: outcome.error });
    }
    this.emit(
      outcome.status === "success"
        ? {
            type: "status",
            status: "success",
            ...(outcome.result === undefined ? {} : { result: outcome.result }),
          }
        : { type: "status", status: outcome.status, error: outcome.error },
    );
    try {
      await this.#recorder?.close();
      await record(outcome.status);
    } catch (error) {
      // The run is over either way; a lost final write must not hide its outcome.
      process.emitWarning(`cannot record the end of execution ${this.id}: ${String(error)}`);
    } finally {
      this.stream.close();
    }
    return outcome.status;
  }

  #release(): void {
    const recorded = this.#recorder === undefined ? Number.MAX_SAFE_INTEGER : this.#settled;
    this.#onRelease(Math.min(this.stream.consumed, recorded));
  }
}
