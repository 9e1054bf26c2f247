/**
 * The lease that makes exactly one scheduler replica active (DESIGN.md section 7).
 *
 * Each take of the lease gets a fencing term, strictly greater than every earlier
 * one. A holder trusts its hold only until a deadline on its own monotonic clock,
 * measured from the moment it sent the take or renewal (plus the TTL, minus a safety
 * margin), so a replica that was paused or cut off stops acting on its own, before the
 * store lets another replica take over, without asking the store.
 */
export interface LeaderLease {
  /** The lease's name (one active replica per name). */
  readonly name: string;
  /** This replica's name, as other replicas see it holding the lease. */
  readonly replica: string;
  /** How long a take or renewal holds the lease in the store. */
  readonly ttlMs: number;
  /**
   * Tries to become or stay the leader; answers the current state. Never throws for
   * store errors (answers not held and reports the error through `onError`).
   */
  tick(): Promise<LeaderState>;
  /** Whether this replica may act now: held and before the local monotonic deadline. Synchronous, no I/O. */
  isHeld(): boolean;
  /** The fencing term of the current hold (undefined when not held). */
  readonly term: number | undefined;
  /** Frees the lease in the store, if this replica still holds it, so a standby takes over at once. */
  release(): Promise<void>;
  /** Releases, then closes the store's connection when the lease owns one. */
  close(): Promise<void>;
}

export type LeaderState = { held: true; term: number } | { held: false; holder?: string };

export interface LeaderElectionOptions {
  name: string;
  /** Unique among live replicas (host, process and a random part). */
  replica: string;
  ttlMs: number;
  /** Store errors, which `tick` answers as not held. */
  onError?: (e: unknown) => void;
  /** Monotonic milliseconds (default `performance.now()`), injectable for tests. */
  now?: () => number;
  /** Wall-clock milliseconds (default `Date.now()`), checked as well; injectable for tests. */
  wallNow?: () => number;
  /**
   * How much earlier than the store's expiry the hold stops being trusted: it covers
   * clock drift and, for the database lease, the skew between the replicas' clocks.
   * Default a fifth of the TTL.
   */
  marginMs?: number;
}
