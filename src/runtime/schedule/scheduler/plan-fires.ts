import {
  dueInstants,
  nextFireAfter,
  type MisfirePolicy,
  type OverlapPolicy,
  type ScheduleTiming,
} from "../timing/index.js";

/** The earlier fires of a schedule, as the overlap policy needs them. */
export interface FireActivity {
  /** Whether one of them is still `queued` or `running`. */
  readonly active: boolean;
  /** When the latest of them ended (epoch ms), if one did. */
  readonly lastFinished: number | undefined;
}

/** No earlier fire at all (and what `allow` assumes without asking). */
export const NO_ACTIVITY: FireActivity = { active: false, lastFinished: undefined };

export interface PlanInput {
  readonly timing: ScheduleTiming;
  readonly misfire: MisfirePolicy;
  readonly overlap: OverlapPolicy;
  /** Every instant up to here was decided on (the row's `checked_until`). */
  readonly since: number;
  readonly now: number;
  readonly graceMs: number;
  readonly activity: FireActivity;
}

/** What to do with a schedule's instants in (since, now]. */
export interface FirePlan {
  /** Instants to fire, oldest first. */
  readonly fires: readonly number[];
  /** Instants passed over because an earlier fire still runs (overlap `skip`). */
  readonly skipped: readonly number[];
  /** The instant waiting for an earlier fire to end (overlap `queue`). */
  readonly held: number | undefined;
  /**
   * Where `checked_until` moves once the fires are in: `now`, or just before the held
   * instant, so the next look finds it again.
   */
  readonly checkedUntil: number;
}

/** The first instant after `since`, when it is due by `now`; else undefined. */
export function firstDue(timing: ScheduleTiming, since: number, now: number): number | undefined {
  const first = nextFireAfter(timing, new Date(since))?.getTime();
  return first !== undefined && first <= now ? first : undefined;
}

/**
 * Decides a schedule's instants in (since, now], when at least one is due (see
 * firstDue): the misfire policy picks the instants (dueInstants), then the overlap
 * policy decides, given its earlier fires:
 *
 * - `allow`: every picked instant fires.
 * - `skip`: while an earlier fire is queued or running, none fires; otherwise the first
 *   fires and the others are passed over, as they would overlap it. All are decided:
 *   `checked_until` moves to now.
 * - `queue`: while an earlier fire is queued or running, the first instant after `since`
 *   waits (`checked_until` stays just before it). Once that fire ended, a waiting
 *   instant (one that came before it ended) fires whatever its lateness, the others
 *   that came meanwhile are dropped (one waits, as with a buffer of one), and those
 *   after it ended follow the misfire policy; of these, the first fires and the next
 *   waits.
 *
 * Pure: the same input always gives the same plan.
 */
export function planFires(input: PlanInput): FirePlan {
  const { timing, since, now, activity } = input;
  const due = dueInstants(
    timing,
    { since: new Date(since), now: new Date(now), graceMs: input.graceMs },
    input.misfire,
  ).map((date) => date.getTime());
  switch (input.overlap) {
    case "allow":
      return { fires: due, skipped: [], held: undefined, checkedUntil: now };
    case "skip":
      return activity.active
        ? { fires: [], skipped: due, held: undefined, checkedUntil: now }
        : { fires: due.slice(0, 1), skipped: due.slice(1), held: undefined, checkedUntil: now };
    case "queue":
      return planQueue(input, due);
  }
}

function planQueue(input: PlanInput, due: readonly number[]): FirePlan {
  const { timing, since, now, activity } = input;
  const first = firstDue(timing, since, now);
  if (activity.active) {
    return first === undefined
      ? { fires: [], skipped: [], held: undefined, checkedUntil: now }
      : { fires: [], skipped: [], held: first, checkedUntil: first - 1 };
  }
  const finished = activity.lastFinished;
  const waited = first !== undefined && finished !== undefined && first <= finished;
  const candidates = waited ? [first, ...due.filter((instant) => instant > finished)] : [...due];
  const [fire, next] = candidates;
  return {
    fires: fire === undefined ? [] : [fire],
    skipped: [],
    held: next,
    checkedUntil: next === undefined ? now : next - 1,
  };
}
