import type { RecordRow } from "../../../engines/storage/records/record-store.js";
import { ScheduleInvalid } from "../../../foundations/error-codes.js";
import type { RuntimeParts } from "../../runtime-parts.js";
import { scheduleFromRow, type ScheduleRecord } from "../schedule-record.js";
import { nextFireAfter } from "../timing/index.js";
import { fireExecution } from "./fire-execution.js";
import { firstDue, NO_ACTIVITY, planFires, type FirePlan } from "./plan-fires.js";
import type { Fence, ScheduleRows } from "./schedule-rows.js";
import { checkScheduleTarget, type FireTarget } from "./schedule-target.js";
import type { SchedulerLogLevel } from "./scheduler-types.js";

/** What one look needs: the runtime, the clock, and the fence of the current term. */
export interface LookContext {
  readonly parts: RuntimeParts;
  readonly rows: ScheduleRows;
  readonly now: () => number;
  readonly graceMs: number;
  readonly fence: Fence;
  /** `REPLICA#TERM`, recorded on each fire. */
  readonly firedBy: string;
  readonly log: (level: SchedulerLogLevel, text: string) => void;
  /** Each fire's hand-over to the transport, so closing can wait for it. */
  readonly onQueued: (queued: Promise<void>) => void;
}

/** What a look did to one schedule. */
export interface LookOutcome {
  fired: number;
  alreadyFired: number;
  skipped: number;
  held: boolean;
  paused: boolean;
  fenced: boolean;
  /** Its next fire after this look, if it has one. */
  next: number | undefined;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function instantOf(value: unknown): number | undefined {
  return typeof value === "string" && value !== "" ? new Date(value).getTime() : undefined;
}

/**
 * Looks at one schedule: reads it, and when an instant is due checks its command and
 * parameters (pausing it when they broke), plans the due instants with its misfire and
 * overlap policies, fires them, and moves its `checked_until`, `last_fire` and
 * `next_fire`. Stops at once when the fence no longer holds. A schedule without a
 * `checked_until` is looked at from its creation: nothing before it fires.
 */
export async function lookAtSchedule(context: LookContext, row: RecordRow): Promise<LookOutcome> {
  const outcome: LookOutcome = {
    fired: 0,
    alreadyFired: 0,
    skipped: 0,
    held: false,
    paused: false,
    fenced: false,
    next: undefined,
  };
  const id = Number(row.id);
  const name = String(row.name);
  const pause = async (reason: string): Promise<LookOutcome> => {
    const paused = await context.rows.pause(id, reason, context.fence);
    if (paused === undefined) outcome.fenced = true;
    else if (paused) {
      outcome.paused = true;
      context.log("warn", `schedule '${name}' paused: ${reason}`);
    }
    return outcome;
  };
  let schedule: ScheduleRecord;
  let first: number | undefined;
  const now = context.now();
  const since = (() => {
    const checked = instantOf(row.checked_until);
    return checked ?? Math.min(instantOf(row.created) ?? now, now);
  })();
  try {
    schedule = scheduleFromRow(row);
    first = firstDue(schedule.timing, since, now);
    if (first === undefined) {
      const next = nextFireAfter(schedule.timing, new Date(Math.max(since, now)))?.getTime();
      if (next !== instantOf(row.next_fire)) {
        await context.rows.setNextFire(id, next, context.fence);
      }
      outcome.next = next;
      return outcome;
    }
  } catch (error) {
    if (!ScheduleInvalid.is(error)) throw error;
    return pause(
      error.message.startsWith("schedule '")
        ? error.message
        : `schedule '${name}': ${error.message}`,
    );
  }
  const check = await checkScheduleTarget(context.parts, schedule);
  if (!check.ok) return pause(check.reason);
  const activity =
    schedule.overlap === "allow"
      ? NO_ACTIVITY
      : await context.rows.activity(id, schedule.overlap === "queue");
  const plan = planFires({
    timing: schedule.timing,
    misfire: schedule.misfire,
    overlap: schedule.overlap,
    since,
    now,
    graceMs: context.graceMs,
    activity,
  });
  explain(context, name, plan, first);
  let lastFire: number | undefined;
  for (const instant of plan.fires) {
    const done = await fireOne(context, { id, name, user: schedule.user }, check.target, instant);
    if (done === "fenced") {
      outcome.fenced = true;
      return outcome;
    }
    if (done === "fired") outcome.fired += 1;
    else outcome.alreadyFired += 1;
    lastFire = instant;
  }
  outcome.skipped = plan.skipped.length;
  outcome.held = plan.held !== undefined;
  const nextFire =
    plan.held ?? nextFireAfter(schedule.timing, new Date(plan.checkedUntil))?.getTime();
  outcome.next = nextFire;
  const unchanged =
    plan.fires.length === 0 &&
    plan.checkedUntil === instantOf(row.checked_until) &&
    nextFire === instantOf(row.next_fire);
  if (unchanged) return outcome;
  const advanced = await context.rows.advance(
    id,
    { checkedUntil: plan.checkedUntil, lastFire, nextFire },
    context.fence,
  );
  if (advanced === undefined) outcome.fenced = true;
  return outcome;
}

async function fireOne(
  context: LookContext,
  schedule: { id: number; name: string; user: string },
  target: FireTarget,
  instant: number,
): Promise<"fired" | "exists" | "fenced"> {
  const now = context.now();
  const result = await fireExecution(
    context.parts,
    { schedule, target, instant, now, firedBy: context.firedBy },
    context.fence,
  );
  switch (result.kind) {
    case "fired":
      context.onQueued(result.queued);
      context.log(
        "debug",
        `schedule '${schedule.name}': fired execution ${result.execution} for ${iso(instant)} (${String(Math.max(0, now - instant))} ms late)`,
      );
      return "fired";
    case "exists":
      context.log(
        "debug",
        `schedule '${schedule.name}': ${iso(instant)} was fired already (another replica, or before a clock jump)`,
      );
      return "exists";
    case "fenced":
      return "fenced";
  }
}

/** Debug lines for the instants a plan does not fire. */
function explain(context: LookContext, name: string, plan: FirePlan, first: number): void {
  for (const instant of plan.skipped) {
    context.log(
      "debug",
      `schedule '${name}': skipped ${iso(instant)}: an earlier fire is still queued or running (overlap skip)`,
    );
  }
  if (plan.held !== undefined) {
    context.log(
      "debug",
      `schedule '${name}': ${iso(plan.held)} waits for an earlier fire to end (overlap queue)`,
    );
  }
  if (plan.fires.length === 0 && plan.skipped.length === 0 && plan.held === undefined) {
    context.log(
      "debug",
      `schedule '${name}': dropped the instants from ${iso(first)} on: found too late (misfire policy)`,
    );
  }
}
