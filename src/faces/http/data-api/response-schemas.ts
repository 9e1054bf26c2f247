/**
 * Response envelopes for fast serialization. Rows stay open objects
 * (`additionalProperties: true`): `fields=` chooses their shape per request.
 */

const row = { type: "object", additionalProperties: true } as const;

export const listResponseSchema = {
  type: "object",
  properties: {
    results: { type: "array", items: row },
    count: { type: ["integer", "null"] },
    next: { type: ["string", "null"] },
  },
  required: ["results", "count", "next"],
} as const;

export const rowResponseSchema = row;

export const countResponseSchema = {
  type: "object",
  properties: { count: { type: "integer" } },
  required: ["count"],
} as const;

export const resultsResponseSchema = {
  type: "object",
  properties: { results: { type: "array", items: row } },
  required: ["results"],
} as const;
