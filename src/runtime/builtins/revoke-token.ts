import type { BuiltinCommand } from "./builtin-command.js";

/** `token revoke PREFIX`: the token is refused from now on; its row stays, for the record. */
export const revokeToken: BuiltinCommand = async (ctx, parameters, services) => {
  const prefix = String(parameters.key);
  const row = await services.store.get("token", { key: prefix });
  if (typeof row.revoked === "string") {
    ctx.info(`token ${prefix}… was already revoked at ${row.revoked}`);
    return row;
  }
  const { row: saved } = await services.store.save(
    "token",
    { key: prefix },
    { revoked: new Date().toISOString() },
  );
  ctx.success(`revoked token ${prefix}…`);
  return saved;
};
