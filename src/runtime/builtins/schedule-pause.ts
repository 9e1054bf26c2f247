import type { BuiltinCommand } from "./builtin-command.js";

/** `schedule pause NAME`: the schedule fires nothing until resumed. */
export const schedulePause: BuiltinCommand = async (ctx, parameters, services) => {
  const name = String(parameters.key);
  const row = await services.store.get("schedule", { key: name });
  if (row.paused === true) {
    const reason = typeof row.paused_reason === "string" ? ` (${row.paused_reason})` : "";
    ctx.info(`schedule ${name} is already paused${reason}`);
    return row;
  }
  const { row: saved } = await services.store.save(
    "schedule",
    { key: name },
    { paused: true, paused_reason: `paused by ${ctx.user.name}` },
  );
  ctx.success(`paused schedule ${name}`);
  return saved;
};
