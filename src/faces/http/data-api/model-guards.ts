import type { onRequestHookHandler } from "fastify";
import type { ModelDefinition } from "../../../spec/model-definition.js";
import { requireAdmin } from "../bearer-auth.js";

/** The role whose presence in `roles.view` lets anyone read a model without a token. */
export const PUBLIC_ROLE = "public";

export function isPublic(model: ModelDefinition): boolean {
  return model.roles.view.includes(PUBLIC_ROLE);
}

/**
 * Writes always need the admin token. Checked in `onRequest`, before the body is read
 * or validated, so a refused request costs nothing more and answers 401 before 400.
 */
export function writeGuard(adminToken: string | undefined): onRequestHookHandler {
  return (request, _reply, done) => {
    try {
      requireAdmin(request, adminToken);
      done();
    } catch (error) {
      done(error as Error);
    }
  };
}

/** Reads need the token unless the model's `roles.view` holds `public`. */
export function readGuard(
  model: ModelDefinition,
  adminToken: string | undefined,
): onRequestHookHandler[] {
  return isPublic(model) ? [] : [writeGuard(adminToken)];
}
