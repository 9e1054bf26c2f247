import type { FastifyRequest } from "fastify";
import { ANONYMOUS, type Principal } from "../../runtime/access/principal.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who sent the request; set by the authentication hook before any route runs. */
    principal: Principal | null;
  }
}

/** The request's principal: its token's user, or anonymous. */
export function principalOf(request: FastifyRequest): Principal {
  // Null until the authentication hook ran (a request refused before it, say).
  return request.principal ?? ANONYMOUS;
}
