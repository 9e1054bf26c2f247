import type { FastifyInstance, FastifyRequest } from "fastify";
import { TooManyAttempts, Unauthorized } from "../../foundations/error-codes.js";
import type { AccessControl } from "../../runtime/access/access-control.js";
import { FailureThrottle } from "../../runtime/access/failure-throttle.js";
import { ANONYMOUS } from "../../runtime/access/principal.js";

/** Routes that answer everyone, whatever they send. */
const OPEN_ROUTES: ReadonlySet<string> = new Set(["/status"]);

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const given = BEARER.exec(header)?.[1];
  if (given === undefined) {
    throw Unauthorized.create("the Authorization header is not 'Bearer <token>'", {
      hint: "Send Authorization: Bearer <token>; `cairn user token NAME` issues one.",
    });
  }
  return given;
}

/**
 * Sets `request.principal` on every request before any route runs: the token's user,
 * or anonymous without an Authorization header. A bad token answers 401 at once (never
 * anonymous access instead), and an address that sent several bad tokens must wait
 * between attempts (429 with Retry-After) before its next token is even looked up.
 */
export function authenticateRequests(
  app: FastifyInstance,
  access: AccessControl,
  throttle: FailureThrottle = new FailureThrottle(),
): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    request.principal = ANONYMOUS;
    if (OPEN_ROUTES.has(request.routeOptions.url ?? "")) return;
    const address = request.ip;
    const token = bearerToken(request);
    if (token === undefined) return;
    const waitMs = throttle.waitMs(address);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw TooManyAttempts.create(`too many bad tokens from ${address}; retry in ${seconds} s`, {
        hint: "Wait, then send a valid token.",
        details: { retryAfter: seconds },
      });
    }
    try {
      request.principal = await access.authenticate(token);
    } catch (error) {
      if (Unauthorized.is(error)) throttle.fail(address);
      throw error;
    }
  });
}
