import { fireTimes } from "../schedule/fire-times.js";
import { scheduleFromRow } from "../schedule/schedule-record.js";
import type { BuiltinCommand } from "./builtin-command.js";

/**
 * `schedule next NAME [--count 5]`: the next fire times after now, in the schedule's
 * time zone and in UTC, as a table; the result also names the schedule and its zone.
 */
export const scheduleNext: BuiltinCommand = async (ctx, parameters, services) => {
  const name = String(parameters.key);
  const count = typeof parameters.count === "number" ? parameters.count : 5;
  const schedule = scheduleFromRow(await services.store.get("schedule", { key: name }));
  const now = new Date();
  const next = fireTimes(schedule.timing, now, count);
  if (schedule.paused) {
    ctx.warning(
      `schedule ${name} is paused${schedule.pausedReason === undefined ? "" : ` (${schedule.pausedReason})`}: these are the times it would fire once resumed`,
    );
  }
  const zone = schedule.timing.timezone;
  if (next.length === 0) ctx.info(`schedule ${name} has no fire left after ${now.toISOString()}`);
  else
    ctx.table(
      next.map((fire) => ({ [zone]: fire.local, utc: fire.utc })),
      [zone, "utc"],
    );
  return { schedule: name, timezone: zone, next };
};
