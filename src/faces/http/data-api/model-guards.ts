import type { onRequestHookHandler } from "fastify";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import { ADMIN_ROLE, PUBLIC_ROLE } from "../../../runtime/access/principal.js";
import { readRoles } from "../../../runtime/access/read-view.js";
import { requireRoles } from "../bearer-auth.js";

/** Whether anyone may read the model without a token. */
export function isPublic(model: ModelDefinition): boolean {
  return readRoles(model).includes(PUBLIC_ROLE);
}

function guard(roles: readonly string[], what: string): onRequestHookHandler {
  return (request, _reply, done) => {
    try {
      requireRoles(request, roles, what);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

/**
 * The platform's access models: their saves are checked as a whole (declared roles, no
 * granting of `admin` by non-admins, tokens made only by `user token`), which the
 * resource commands do and the data API's row writes cannot.
 */
const ACCESS_MODELS: ReadonlySet<string> = new Set(["user", "group", "token"]);

/**
 * Writes need one of the model's `edit` roles; writes of the core access models, an
 * admin (others change them with the `user`, `group` and `token` commands). Checked in
 * `onRequest`, before the body is read or validated, so a refused request costs
 * nothing more and answers 401 or 403 before 400.
 */
export function writeGuard(model: ModelDefinition): onRequestHookHandler {
  const roles =
    model.module === "core" && ACCESS_MODELS.has(model.name) ? [ADMIN_ROLE] : model.roles.edit;
  return guard(roles, `changing ${model.name} through the data API`);
}

/** Reads need a `view` or `edit` role; `public` among them lets anyone read. */
export function readGuard(model: ModelDefinition): onRequestHookHandler {
  return guard(readRoles(model), `reading ${model.name}`);
}
