import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { Unauthorized } from "../../foundations/error-codes.js";

/** A SHA-256 digest, so tokens of any length compare in constant time. */
function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * Checks `Authorization: Bearer <token>` against the admin token until access control
 * exists. Throws CAIRN_UNAUTHORIZED; with no admin token configured nothing passes.
 */
export function requireAdmin(request: FastifyRequest, adminToken: string | undefined): void {
  if (adminToken === undefined) {
    throw Unauthorized.create(`${request.method} ${request.routeOptions.url ?? ""} needs a token`, {
      hint: "No admin token is configured: set CAIRN_ADMIN_TOKEN on the server, then send Authorization: Bearer <token>.",
    });
  }
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  const given = match?.[1];
  if (given === undefined) {
    throw Unauthorized.create("missing bearer token", {
      hint: "Send Authorization: Bearer <token> with the value of CAIRN_ADMIN_TOKEN.",
    });
  }
  if (!timingSafeEqual(digest(given), digest(adminToken))) {
    throw Unauthorized.create("invalid bearer token", {
      hint: "Send Authorization: Bearer <token> with the value of CAIRN_ADMIN_TOKEN.",
    });
  }
}
