import { parseDuration } from "../../engines/storage/records/index.js";
import { checkTokenIssue } from "../access/check-access-saves.js";
import { hashToken, newTokenSecret, tokenPrefix } from "../access/token-secret.js";
import type { BuiltinCommand } from "./builtin-command.js";

/**
 * `user token NAME [name=ci] [expires=30d]`: a new API token for the user. The token
 * itself goes to the caller once, as data; the database keeps its hash and prefix.
 */
export const issueToken: BuiltinCommand = async (ctx, parameters, services) => {
  const user = String(parameters.key);
  await checkTokenIssue(services.store, ctx.user.name, user);
  const seconds = parameters.expires === undefined ? undefined : parseDuration(parameters.expires);
  const expires =
    seconds === undefined ? null : new Date(Date.now() + seconds * 1000).toISOString();
  const token = newTokenSecret();
  const prefix = tokenPrefix(token);
  await services.store.save(
    "token",
    { key: prefix },
    {
      user,
      name: parameters.name ?? null,
      hash: hashToken(token),
      expires,
    },
  );
  ctx.success(
    `issued token ${prefix}… for ${user}${expires === null ? "" : `, valid until ${expires}`}; it is shown once:`,
  );
  ctx.data(token);
  return { token, prefix, user, expires };
};
