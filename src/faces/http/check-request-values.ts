import type { FastifyInstance } from "fastify";
import { RequestInvalid } from "../../foundations/error-codes.js";

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_BODY_DEPTH = 32;

const NUL_IN_URL = /%00|\0/i;

function refuse(message: string, hint: string): never {
  throw RequestInvalid.create(message, { hint, details: { reason: "value" } });
}

/** Throws at the first NUL character or at nesting deeper than MAX_BODY_DEPTH. */
function checkValue(value: unknown, depth: number, path: string): void {
  if (typeof value === "string") {
    if (value.includes("\u0000")) {
      refuse(`the body holds a NUL character at ${path}`, "Remove the U+0000 character.");
    }
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= MAX_BODY_DEPTH) {
    refuse(
      `the body nests deeper than ${MAX_BODY_DEPTH} levels at ${path}`,
      "Send flatter JSON: objects and arrays at most 32 levels deep.",
    );
  }
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    if (key.includes("\u0000")) {
      refuse(`the body holds a NUL character in a key at ${path}`, "Remove the U+0000 character.");
    }
    checkValue(item, depth + 1, `${path}.${key}`);
  }
}

/**
 * Refuses, with 400 before any route runs, request values no backend stores and no
 * query needs: NUL characters (PostgreSQL rejects them in text and JSON) in the URL
 * or the body, and bodies nested deeper than MAX_BODY_DEPTH (MariaDB's JSON checks and
 * a recursive JSON.stringify give out on deep nesting).
 */
export function checkRequestValues(app: FastifyInstance): void {
  app.addHook("onRequest", (request, _reply, done) => {
    if (NUL_IN_URL.test(request.url)) {
      done(
        RequestInvalid.create("the URL holds a NUL character (%00)", {
          hint: "Remove the %00 from the path or query.",
          details: { reason: "value" },
        }),
      );
      return;
    }
    done();
  });
  app.addHook("preValidation", (request, _reply, done) => {
    try {
      checkValue(request.body, 0, "$");
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
