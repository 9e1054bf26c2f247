import type { LeaderElectionOptions, LeaderLease, LeaderState } from "./leader-lease.js";
import type { LeaseHold, LeaseStore } from "./lease-store.js";

interface Clocks {
  readonly mono: number;
  readonly wall: number;
}

function checkOptions(options: LeaderElectionOptions, marginMs: number): void {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0)
    throw new RangeError(`the lease TTL must be a positive number of ms, not ${options.ttlMs}`);
  if (!Number.isFinite(marginMs) || marginMs < 0 || marginMs >= options.ttlMs)
    throw new RangeError(`the lease margin must be at least 0 and below the TTL, not ${marginMs}`);
  if (options.name === "" || options.replica === "")
    throw new RangeError("a leader lease needs a name and a replica name");
}

/**
 * A `LeaderLease` on any `LeaseStore`, with the fencing rules of DESIGN.md section 7:
 *
 * - The hold is trusted until `sent + ttl - margin`, where `sent` is read from the
 *   monotonic clock before the take or renewal is sent. The store's expiry starts no
 *   earlier than that, so the holder stops trusting its hold before any other replica
 *   can take it. `isHeld()` only compares clocks: a process paused past its deadline
 *   (SIGSTOP, a long GC) answers false on its first check after it resumes, before any
 *   timer of it runs. The wall clock is checked the same way, which covers a machine
 *   suspend that the monotonic clock does not count.
 * - A renewal is sent only while the hold is still trusted. Once it lapsed, the next
 *   tick takes the lease anew, under a new term, even when nobody took it meanwhile:
 *   a term never spans a gap in which its holder was not sure of it.
 * - A store error drops the hold at once (answered as not held), whatever the deadline.
 */
export class FencedLeaderLease implements LeaderLease {
  readonly name: string;
  readonly replica: string;
  readonly ttlMs: number;
  readonly #store: LeaseStore;
  readonly #ownsStore: boolean;
  readonly #marginMs: number;
  readonly #now: () => number;
  readonly #wallNow: () => number;
  readonly #onError: (error: unknown) => void;
  /** The hold trusted until the deadlines; undefined when not held. */
  #hold: LeaseHold | undefined;
  /** The last hold taken, kept after it lapsed so this replica may take its own lease again. */
  #last: LeaseHold | undefined;
  #deadline = -Infinity;
  #wallDeadline = -Infinity;
  #ticking: Promise<LeaderState> | undefined;

  constructor(store: LeaseStore, options: LeaderElectionOptions, ownsStore = false) {
    const marginMs = options.marginMs ?? options.ttlMs / 5;
    checkOptions(options, marginMs);
    this.name = options.name;
    this.replica = options.replica;
    this.ttlMs = options.ttlMs;
    this.#store = store;
    this.#ownsStore = ownsStore;
    this.#marginMs = marginMs;
    this.#now = options.now ?? (() => performance.now());
    this.#wallNow = options.wallNow ?? (() => Date.now());
    const onError =
      options.onError ??
      ((error: unknown) => {
        process.emitWarning(`leader lease '${options.name}': ${String(error)}`);
      });
    // A throwing callback must not turn an answer of "not held" into a rejection.
    this.#onError = (error) => {
      try {
        onError(error);
      } catch {
        // Nothing more to tell: the error was the callback's to report.
      }
    };
  }

  get term(): number | undefined {
    return this.isHeld() ? this.#hold?.term : undefined;
  }

  isHeld(): boolean {
    return (
      this.#hold !== undefined &&
      this.#now() < this.#deadline &&
      this.#wallNow() < this.#wallDeadline
    );
  }

  tick(): Promise<LeaderState> {
    return (this.#ticking ??= this.#tick().finally(() => {
      this.#ticking = undefined;
    }));
  }

  async release(): Promise<void> {
    await this.#ticking;
    const hold = this.#hold ?? this.#last;
    this.#drop();
    this.#last = undefined;
    if (hold === undefined) return;
    try {
      await this.#store.release(hold);
    } catch (error) {
      this.#onError(error);
    }
  }

  async close(): Promise<void> {
    await this.release();
    if (this.#ownsStore) await this.#store.close?.();
  }

  async #tick(): Promise<LeaderState> {
    try {
      const hold = this.#hold;
      if (hold !== undefined && this.isHeld()) {
        const sent = this.#clocks();
        const renewed = await this.#store.renew(hold, this.ttlMs);
        // A renewal answered after the deadline does not revive the hold: the replica
        // already stopped trusting it, so it takes the lease anew (a new term) instead.
        if (renewed && this.isHeld()) {
          this.#trust(hold, sent);
          return this.#state();
        }
      }
      this.#drop();
      const sent = this.#clocks();
      const attempt = await this.#store.acquire(this.replica, this.ttlMs, this.#last);
      if (!attempt.taken) {
        return attempt.holder === undefined
          ? { held: false }
          : { held: false, holder: attempt.holder };
      }
      this.#last = attempt.hold;
      this.#trust(attempt.hold, sent);
      return this.#state();
    } catch (error) {
      this.#drop();
      this.#onError(error);
      return { held: false };
    }
  }

  #clocks(): Clocks {
    return { mono: this.#now(), wall: this.#wallNow() };
  }

  #trust(hold: LeaseHold, sent: Clocks): void {
    this.#hold = hold;
    this.#deadline = sent.mono + this.ttlMs - this.#marginMs;
    this.#wallDeadline = sent.wall + this.ttlMs - this.#marginMs;
  }

  #drop(): void {
    this.#hold = undefined;
    this.#deadline = -Infinity;
    this.#wallDeadline = -Infinity;
  }

  /** Held, unless the answer came back after the deadline (then this replica holds it, untrusted). */
  #state(): LeaderState {
    const term = this.term;
    return term === undefined ? { held: false, holder: this.replica } : { held: true, term };
  }
}
