import { ref, type JsonObject } from "./json-schema.js";

/** The error shape every route answers with (src/faces/http/error-handler.ts). */
export const errorSchema: JsonObject = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", pattern: "^CAIRN_[A-Z_]+$", description: "docs/errors.md" },
        message: { type: "string" },
        hint: { type: "string" },
        details: { type: "object", additionalProperties: true },
      },
      required: ["code", "message"],
    },
  },
  required: ["error"],
};

const ERROR_RESPONSES = {
  BadRequest: "The request or a filter, field, value or ordering in it is not valid.",
  Unauthorized: "The bearer token is missing, wrong, expired or revoked.",
  Forbidden: "The token's user lacks a role this needs; the message names the roles.",
  TooManyAttempts: "Too many bad tokens came from this address; retry after Retry-After seconds.",
  NotFound: "No such model, route or record.",
  Conflict: "A unique value is taken, or the record is still referred to.",
  Internal: "An unexpected error; the server log has the details.",
} as const;

export type ErrorResponseName = keyof typeof ERROR_RESPONSES;

/** Shared error responses, each the error shape under its own description. */
export function errorResponses(): Record<string, JsonObject> {
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, description]) => [
      name,
      { description, content: { "application/json": { schema: ref("schemas", "Error") } } },
    ]),
  );
}

const STATUS_OF: Record<ErrorResponseName, string> = {
  BadRequest: "400",
  Unauthorized: "401",
  Forbidden: "403",
  TooManyAttempts: "429",
  NotFound: "404",
  Conflict: "409",
  Internal: "500",
};

/** `{"400": {$ref...}, ...}` for an operation's responses. */
export function errorRefs(names: readonly ErrorResponseName[]): Record<string, JsonObject> {
  return Object.fromEntries(names.map((name) => [STATUS_OF[name], ref("responses", name)]));
}
