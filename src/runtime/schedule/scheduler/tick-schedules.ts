import type { RecordRow } from "../../../engines/storage/records/record-store.js";
import type { LookContext, LookOutcome } from "./look-at-schedule.js";
import { lookAtSchedule } from "./look-at-schedule.js";
import { EMPTY_TICK, type TickReport } from "./scheduler-types.js";

/**
 * Schedules looked at at once: a second's fires of many schedules go out over several
 * connections rather than one after another (each write is still fenced on its own).
 */
const AT_ONCE = 8;

/**
 * One look at every schedule that is not paused (one query; fine for hundreds), up to
 * AT_ONCE of them at a time. A schedule that fails is reported and the others go on;
 * the look stops as soon as the fence no longer holds, before its next write.
 */
export async function tickSchedules(context: LookContext): Promise<TickReport> {
  const report: { -readonly [K in keyof TickReport]: TickReport[K] } = { ...EMPTY_TICK };
  if (!context.fence()) return { ...report, fenced: true };
  const rows = await context.parts.store.list("schedule", {
    filters: [{ path: "paused", value: false }],
  });
  const add = (outcome: LookOutcome): void => {
    report.fired += outcome.fired;
    report.alreadyFired += outcome.alreadyFired;
    report.skipped += outcome.skipped;
    if (outcome.held) report.held += 1;
    if (outcome.paused) report.paused += 1;
    if (outcome.fenced) report.fenced = true;
    if (outcome.next !== undefined && !(outcome.next >= (report.nextFire ?? Infinity))) {
      report.nextFire = outcome.next;
    }
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let row: RecordRow | undefined; (row = rows[next]) !== undefined;) {
      next += 1;
      if (report.fenced || !context.fence()) {
        report.fenced = true;
        return;
      }
      try {
        add(await lookAtSchedule(context, row));
      } catch (error) {
        context.log("warn", `schedule '${String(row.name)}': ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, rows.length) }, lane));
  return report;
}
