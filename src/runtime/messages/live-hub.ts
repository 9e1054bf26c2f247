import type { Message } from "../../foundations/message.js";
import { LiveChannel } from "./live-channel.js";

/**
 * The live channels of the executions running in this process, by execution id. With
 * `forward` (the distributed shape's StreamPublisher) every channel also hands each
 * message on to followers in other processes.
 */
export class LiveHub {
  readonly #channels = new Map<string, LiveChannel>();
  readonly #forward: ((message: Message) => void) | undefined;

  constructor(forward?: (message: Message) => void) {
    this.#forward = forward;
  }

  /** Opens the channel of an execution that starts now; it leaves the hub when it ends. */
  open(id: string): LiveChannel {
    const channel = new LiveChannel(() => {
      if (this.#channels.get(id) === channel) this.#channels.delete(id);
    }, this.#forward);
    this.#channels.set(id, channel);
    return channel;
  }

  get(id: string): LiveChannel | undefined {
    return this.#channels.get(id);
  }

  get size(): number {
    return this.#channels.size;
  }
}
