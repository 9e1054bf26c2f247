/** One hold of a lease: its fencing term and the token the store compares on each write. */
export interface LeaseHold {
  readonly term: number;
  readonly token: string;
}

/** What an acquire gave: the new hold, or the replica holding the lease now (if known). */
export type LeaseAttempt =
  | { readonly taken: true; readonly hold: LeaseHold }
  | { readonly taken: false; readonly holder?: string };

/**
 * Where a lease lives (Redis, or a database row). Every write is conditional on the
 * token, so of racing replicas exactly one takes the lease, and one whose lease was
 * taken over never extends or frees the new holder's. The store knows no clock of the
 * replica's: how long a hold may be trusted is decided above it.
 */
export interface LeaseStore {
  /**
   * Takes the lease, under a term greater than any before, when it is free or still
   * holds `previous` (this replica's own last hold, which lapsed locally).
   */
  acquire(replica: string, ttlMs: number, previous: LeaseHold | undefined): Promise<LeaseAttempt>;
  /** Extends the hold by `ttlMs`; false when the lease is no longer this hold's. */
  renew(hold: LeaseHold, ttlMs: number): Promise<boolean>;
  /** Frees the lease if it is still this hold's. */
  release(hold: LeaseHold): Promise<void>;
  /** Frees the store's own connection, when it has one. */
  close?(): Promise<void>;
}
