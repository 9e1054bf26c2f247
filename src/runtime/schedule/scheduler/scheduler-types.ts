import type { LeaderLease } from "../leader/index.js";

/** How loud a scheduler line is: `debug` for each decision, `warn` for trouble. */
export type SchedulerLogLevel = "debug" | "info" | "warn";

export interface SchedulerOptions {
  /** This replica's name (default `host:pid:random`), as `fired_by` and the lease show it. */
  readonly replica?: string;
  /** How often the active replica looks for due schedules (default: settings.schedulerTickMs). */
  readonly tickMs?: number;
  /** How long a hold of the lease lasts without renewal (default: settings.schedulerLeaseMs). */
  readonly leaseMs?: number;
  /**
   * How late an instant may be found and still fire as on time (default:
   * settings.schedulerGraceMs); older instants are misfires and follow the schedule's
   * misfire policy.
   */
  readonly graceMs?: number;
  /**
   * How often the lease is ticked: the active replica renews, standbys try to take over
   * (default: a third of the lease, at most 500 ms).
   */
  readonly electionEveryMs?: number;
  /** The scheduler's clock in epoch milliseconds (default `Date.now`); tests move it. */
  readonly now?: () => number;
  /** A lease of the caller's (tests); default: Redis when configured, else the database. */
  readonly lease?: LeaderLease;
  /** Told when this replica becomes active, gets a new term, or stands by again. */
  readonly onChange?: (state: SchedulerState) => void;
  /** Where the scheduler says what it does (default: warnings as process warnings). */
  readonly log?: (level: SchedulerLogLevel, text: string) => void;
}

/** What a replica is doing now. */
export interface SchedulerState {
  readonly replica: string;
  /** Whether this replica is the one that fires. */
  readonly active: boolean;
  /** The lease term while active. */
  readonly term: number | undefined;
  /** Executions this replica fired since it started. */
  readonly fired: number;
}

/** What one look at the schedules did. */
export interface TickReport {
  /** Executions fired. */
  readonly fired: number;
  /** Instants another replica had fired already (their fire key exists). */
  readonly alreadyFired: number;
  /** Instants passed over because an earlier fire still runs (overlap `skip`). */
  readonly skipped: number;
  /** Schedules waiting for an earlier fire to end (overlap `queue`). */
  readonly held: number;
  /** Schedules this look paused (their command, parameters or timing broke). */
  readonly paused: number;
  /** The lease lapsed during the look: it stopped before its next write. */
  readonly fenced: boolean;
  /** The soonest next fire of the schedules looked at (epoch ms), if any. */
  readonly nextFire: number | undefined;
}

/** A look that fired and decided nothing. */
export const EMPTY_TICK: TickReport = {
  fired: 0,
  alreadyFired: 0,
  skipped: 0,
  held: 0,
  paused: 0,
  fenced: false,
  nextFire: undefined,
};

/** A running scheduler replica. */
export interface SchedulerHandle {
  readonly state: SchedulerState;
  /** One look now, if this replica is active (tests; the timer looks on its own). */
  tick(): Promise<TickReport>;
  /** Stops looking, releases the lease (so a standby takes over at once) and closes it. */
  close(): Promise<void>;
}
