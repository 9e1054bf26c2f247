import type { FastifyRequest } from "fastify";
import { Forbidden, Unauthorized } from "../../foundations/error-codes.js";
import { heldRoles } from "../../runtime/access/check-may-run.js";
import { actorName, holdsAny, type Principal } from "../../runtime/access/principal.js";
import { principalOf } from "./request-principal.js";

const TOKEN_HINT = "Send Authorization: Bearer <token>; `cairn user token NAME` issues one.";

/** Refuses an anonymous request (401): the route needs a user's token. */
export function requireUser(request: FastifyRequest): Principal {
  const principal = principalOf(request);
  if (principal.user === undefined) {
    throw Unauthorized.create(
      `${request.method} ${request.routeOptions.url ?? request.url} needs a token`,
      { hint: TOKEN_HINT },
    );
  }
  return principal;
}

/**
 * Refuses a request whose principal holds none of `roles`: 401 when it is anonymous
 * (a token might allow it), else 403 naming the roles that would.
 */
export function requireRoles(
  request: FastifyRequest,
  roles: readonly string[],
  what: string,
): void {
  const principal = principalOf(request);
  if (holdsAny(principal, roles)) return;
  requireUser(request);
  throw Forbidden.create(
    `${what} needs one of the roles ${roles.join(", ")}; ${actorName(principal)} has ${heldRoles(principal)}`,
    {
      hint: "A user-admin can add the user to a group holding one of those roles.",
      details: { needs: [...roles] },
    },
  );
}
