/** Tunables of a FailureThrottle. */
export interface ThrottleOptions {
  /** Failures allowed before any wait (default 5). */
  readonly free?: number;
  /** The first wait after the free failures; each further failure doubles it (default 1 s). */
  readonly baseMs?: number;
  /** The longest wait (default 60 s). */
  readonly maxMs?: number;
  /** A key with no failure for this long starts again from nothing (default 15 min). */
  readonly forgetMs?: number;
  /** Keys remembered at most; the oldest go first (default 10,000), so memory stays bounded. */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

interface Failures {
  count: number;
  last: number;
}

/**
 * Slows down guessing: after a few failures from one key (a client address), each
 * further attempt must wait, twice as long after each failure, up to a maximum.
 * Successes do not reset the count, so a caller holding one good token cannot
 * interleave it with guesses. In memory, per process: each API node throttles the
 * attempts it sees.
 */
export class FailureThrottle {
  readonly #free: number;
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #forgetMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #failures = new Map<string, Failures>();

  constructor(options: ThrottleOptions = {}) {
    this.#free = options.free ?? 5;
    this.#baseMs = options.baseMs ?? 1000;
    this.#maxMs = options.maxMs ?? 60_000;
    this.#forgetMs = options.forgetMs ?? 15 * 60_000;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? (() => Date.now());
  }

  /** How long `key` must still wait before its next attempt counts; 0 when it may go on. */
  waitMs(key: string): number {
    const entry = this.#current(key);
    if (entry === undefined || entry.count < this.#free) return 0;
    const wait = Math.min(this.#baseMs * 2 ** (entry.count - this.#free), this.#maxMs);
    return Math.max(0, entry.last + wait - this.#now());
  }

  /** Counts a failed attempt of `key`. */
  fail(key: string): void {
    const now = this.#now();
    const entry = this.#current(key) ?? { count: 0, last: now };
    entry.count += 1;
    entry.last = now;
    this.#failures.delete(key); // re-inserted last: the map's order is least recent first
    this.#failures.set(key, entry);
    while (this.#failures.size > this.#maxKeys) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
  }

  #current(key: string): Failures | undefined {
    const entry = this.#failures.get(key);
    if (entry !== undefined && this.#now() - entry.last > this.#forgetMs) {
      this.#failures.delete(key);
      return undefined;
    }
    return entry;
  }
}
