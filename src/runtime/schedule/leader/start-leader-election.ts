import type { LeaderLease, LeaderState } from "./leader-lease.js";

export interface LeaderElectionLoopOptions {
  /**
   * How often to tick: the holder renews, standbys try to take over. Default a third of
   * the TTL, so a standby takes over within the TTL plus this after the holder's last
   * renewal.
   */
  readonly everyMs?: number;
  /**
   * Called when this replica becomes the leader, holds a new term, or stops being the
   * leader (including when its hold lapsed between ticks). Not called while standing by.
   */
  readonly onChange?: (state: LeaderState) => void;
}

/** A running election: one replica's ticks on its lease. */
export interface LeaderElection {
  /** The latest state (not held as soon as the hold lapsed locally). */
  readonly state: LeaderState;
  /** Stops ticking, reports not held if it was, and releases the lease for a standby. */
  stop(): Promise<void>;
}

/**
 * Ticks `lease` at once, then every `everyMs` on an unref'd timer (never two ticks at
 * a time; a tick still running skips a beat). Whoever acts as the leader must still ask
 * `lease.isHeld()` before each action: `onChange` tells of a lapse within one beat,
 * `isHeld()` at once.
 */
export function startLeaderElection(
  lease: LeaderLease,
  options: LeaderElectionLoopOptions = {},
): LeaderElection {
  const everyMs = options.everyMs ?? Math.max(Math.round(lease.ttlMs / 3), 1);
  let state: LeaderState = { held: false };
  /** The term last reported as held; undefined when the last report was "not held". */
  let reported: number | undefined;
  let stopped = false;
  let ticking: Promise<void> | undefined;

  const report = (next: LeaderState): void => {
    state = next;
    const term = next.held ? next.term : undefined;
    if (term === reported) return;
    reported = term;
    try {
      options.onChange?.(next);
    } catch (error) {
      process.emitWarning(`leader lease '${lease.name}': onChange failed: ${String(error)}`);
    }
  };
  const lapsed = (): void => {
    if (reported !== undefined && !lease.isHeld()) report({ held: false });
  };
  const beat = (): void => {
    lapsed();
    if (stopped || ticking !== undefined) return;
    ticking = lease
      .tick()
      .then(
        (next) => {
          if (!stopped) report(next);
        },
        () => undefined, // tick answers store errors as "not held"; nothing else rejects
      )
      .finally(() => {
        ticking = undefined;
      });
  };

  const timer = setInterval(beat, everyMs);
  timer.unref();
  beat();
  return {
    get state() {
      if (!stopped) lapsed();
      return state;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      if (reported !== undefined) report({ held: false });
      await lease.release();
    },
  };
}
