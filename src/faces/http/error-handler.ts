import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isCairnError, type CairnError } from "../../foundations/cairn-error.js";
import {
  InternalError,
  RequestInvalid,
  RouteNotFound,
  TooManyAttempts,
  Unauthorized,
} from "../../foundations/error-codes.js";

/** The body of every error answer: `{"error": {"code", "message", "hint", "details"?}}`. */
export interface ErrorBody {
  readonly error: ReturnType<CairnError["toJSON"]>;
}

function isFastifyClientError(error: unknown): error is FastifyError {
  if (!(error instanceof Error)) return false;
  const { statusCode, code } = error as Partial<FastifyError>;
  return (
    typeof code === "string" &&
    typeof statusCode === "number" &&
    statusCode >= 400 &&
    statusCode < 500
  );
}

/**
 * Turns anything a route threw into a CairnError: Cairn's own errors as they are,
 * Fastify's request errors (schema validation, bad JSON, wrong content type) as
 * CAIRN_REQUEST_INVALID, and everything else as CAIRN_INTERNAL with no internals.
 */
export function toCairnError(error: unknown): CairnError {
  if (isCairnError(error)) return error;
  if (isFastifyClientError(error)) {
    const validation = (error as { validation?: unknown }).validation !== undefined;
    return RequestInvalid.create(`bad request: ${error.message}`, {
      hint: validation
        ? "Fix the parameter the message names; GET /openapi.json describes every route."
        : "Send JSON with Content-Type: application/json, within the size limit.",
      details: { reason: error.code },
    });
  }
  return InternalError.create("internal error", {
    hint: "The server log has the details; report it if it persists.",
  });
}

/**
 * The one place HTTP statuses are chosen: a CairnError's `status`, with the error
 * shape of DESIGN.md section 6. Unexpected errors are logged whole and answered bare.
 */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const cairnError = toCairnError(error);
  if (cairnError.status >= 500) {
    request.log.error({ err: error }, "request failed");
  }
  if (Unauthorized.is(cairnError)) {
    void reply.header("www-authenticate", 'Bearer realm="cairn"');
  }
  if (TooManyAttempts.is(cairnError)) {
    const seconds = cairnError.details.retryAfter;
    void reply.header("retry-after", typeof seconds === "number" ? String(seconds) : "1");
  }
  const body: ErrorBody = { error: cairnError.toJSON() };
  return reply.status(cairnError.status).type("application/json; charset=utf-8").send(body);
}

/** Installs the error and not-found handlers on the root app, so every plugin shares them. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    replyWithError(
      RouteNotFound.create(`no route ${request.method} ${request.url.split("?")[0] ?? ""}`, {
        hint: "GET /openapi.json lists every route.",
      }),
      request,
      reply,
    ),
  );
}
