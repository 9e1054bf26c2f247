import { checkScheduleSave } from "../schedule/check-schedule-save.js";
import type { BuiltinCommand } from "./builtin-command.js";

/**
 * `schedule resume NAME`: checks the schedule again as `schedule save` would (a row
 * paused because it no longer made sense stays paused, with the problem), clears the
 * pause and moves `checked_until` to now, so the instants it was paused for are not
 * fired as misfires: it goes on with its next fire after now.
 */
export const scheduleResume: BuiltinCommand = async (ctx, parameters, services) => {
  const name = String(parameters.key);
  const row = await services.store.get("schedule", { key: name });
  if (row.paused !== true) {
    ctx.info(`schedule ${name} is not paused`);
    return row;
  }
  const now = new Date();
  const values = await checkScheduleSave({
    spec: services.spec,
    store: services.store,
    name,
    given: { paused: false },
    user: ctx.user.name,
    timezone: services.settings.timezone,
    now,
  });
  const checkedUntil =
    typeof row.checked_until === "string" && Date.parse(row.checked_until) > now.getTime()
      ? row.checked_until
      : now.toISOString();
  const { row: saved } = await services.store.save(
    "schedule",
    { key: name },
    { ...values, checked_until: checkedUntil },
  );
  ctx.success(
    `resumed schedule ${name}; ${typeof saved.next_fire === "string" ? `next fire ${saved.next_fire}` : "it has no fire left"}`,
  );
  return saved;
};
