import type { Message } from "../../foundations/message.js";
import { LiveSubscription } from "./live-subscription.js";

/**
 * The live side of one execution running in this process: its subscribers, and the
 * messages emitted but not yet stored (the recorder says how far it has stored). Those
 * are the same objects the recorder still holds, and the isolate's credit window bounds
 * them, so the channel adds no unbounded buffer of its own.
 */
export class LiveChannel {
  readonly #onEnd: () => void;
  readonly #forward: ((message: Message) => void) | undefined;
  #unstored: Message[] = [];
  #head = 0;
  readonly #subscribers = new Set<LiveSubscription>();
  #ended = false;

  /** `forward` takes every message too: to the execution's stream, for other processes. */
  constructor(onEnd: () => void, forward?: (message: Message) => void) {
    this.#onEnd = onEnd;
    this.#forward = forward;
  }

  get ended(): boolean {
    return this.#ended;
  }

  publish(message: Message): void {
    if (this.#ended) return;
    this.#unstored.push(message);
    this.#forward?.(message);
    for (const subscriber of this.#subscribers) subscriber.deliver(message);
  }

  /** Messages up to `seq` are in the database (or will never be): no need to keep them. */
  stored(seq: number): void {
    while (this.#head < this.#unstored.length && (this.#unstored[this.#head]?.seq ?? 0) <= seq) {
      this.#head += 1;
    }
    if (this.#head === this.#unstored.length) {
      this.#unstored = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#unstored.length) {
      this.#unstored = this.#unstored.slice(this.#head);
      this.#head = 0;
    }
  }

  subscribe(limit: number): LiveSubscription {
    const subscription = new LiveSubscription(limit, this.#backlog());
    if (this.#ended) subscription.end();
    else this.#subscribers.add(subscription);
    return subscription;
  }

  rejoin(subscription: LiveSubscription): void {
    subscription.rejoin(this.#backlog());
  }

  unsubscribe(subscription: LiveSubscription): void {
    this.#subscribers.delete(subscription);
  }

  /** After the last message is stored and the execution record is final. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const subscriber of this.#subscribers) subscriber.end();
    this.#subscribers.clear();
    this.#unstored = [];
    this.#head = 0;
    this.#onEnd();
  }

  #backlog(): readonly Message[] {
    return this.#unstored.slice(this.#head);
  }
}
