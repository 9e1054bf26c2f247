import type { Message } from "../../foundations/message.js";

/** What a follower gets next from its subscription. */
export type LiveNext =
  | { readonly kind: "message"; readonly message: Message }
  /** More messages arrived than the queue holds; they were dropped: read the database. */
  | { readonly kind: "behind" }
  /** The execution ended; anything not yet read is in the database. */
  | { readonly kind: "ended" }
  | { readonly kind: "stopped" };

/**
 * One follower's share of a running execution's live messages. Its queue is bounded:
 * a follower that falls `limit` messages behind stops receiving them (and its queue is
 * dropped) until it rejoins, so a slow follower costs this process at most `limit`
 * messages and catches up from the database instead.
 */
export class LiveSubscription {
  readonly #limit: number;
  #queue: Message[] = [];
  #head = 0;
  #behind = false;
  #ended = false;
  #wake: (() => void) | undefined;
  #backlog: readonly Message[];

  constructor(limit: number, backlog: readonly Message[]) {
    this.#limit = Math.max(1, limit);
    this.#backlog = backlog;
  }

  /**
   * The messages emitted but not yet stored when the subscription started (or last
   * rejoined): stored rows read after that, then these, then the queue leave no gap.
   */
  takeBacklog(): readonly Message[] {
    const backlog = this.#backlog;
    this.#backlog = [];
    return backlog;
  }

  deliver(message: Message): void {
    if (this.#behind || this.#ended) return;
    if (this.#queue.length - this.#head >= this.#limit) {
      this.#behind = true;
      this.#queue = [];
      this.#head = 0;
    } else {
      this.#queue.push(message);
    }
    this.#notify();
  }

  /** Starts receiving again after falling behind, with a fresh backlog. */
  rejoin(backlog: readonly Message[]): void {
    this.#behind = false;
    this.#queue = [];
    this.#head = 0;
    this.#backlog = backlog;
  }

  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** The next queued message; waits for one unless behind, ended or `signal` fired. */
  async next(signal: AbortSignal): Promise<LiveNext> {
    for (;;) {
      if (signal.aborted) return { kind: "stopped" };
      const message = this.#queue[this.#head];
      if (message !== undefined) {
        this.#head += 1;
        if (this.#head === this.#queue.length) {
          this.#queue = [];
          this.#head = 0;
        }
        return { kind: "message", message };
      }
      if (this.#behind) return { kind: "behind" };
      if (this.#ended) return { kind: "ended" };
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal.removeEventListener("abort", wake);
          resolve();
        };
        this.#wake = wake;
        signal.addEventListener("abort", wake, { once: true });
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
