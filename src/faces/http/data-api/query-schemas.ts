/**
 * Fastify JSON schemas for the data API's query strings, compiled at start-up. They
 * check HTTP syntax only (integers, enums, single values); filters pass through as text
 * for the store to validate against the spec.
 */

const text = { type: "string" } as const;

export const filterParameters = { filter: text } as const;

export function pageParameters(maxPageSize: number) {
  return {
    limit: { type: "integer", minimum: 0, maximum: maxPageSize },
    offset: { type: "integer", minimum: 0 },
  } as const;
}

export function listQuerySchema(maxPageSize: number) {
  return {
    type: "object",
    properties: {
      ...filterParameters,
      ...pageParameters(maxPageSize),
      order: text,
      fields: text,
      cursor: text,
      count: { type: "string", enum: ["exact", "estimate", "none"] },
    },
  } as const;
}

export const fieldsQuerySchema = {
  type: "object",
  properties: { fields: text },
  additionalProperties: false,
} as const;

export const exportQuerySchema = {
  type: "object",
  properties: {
    ...filterParameters,
    order: text,
    fields: text,
    limit: { type: "integer", minimum: 0 },
    offset: { type: "integer", minimum: 0 },
  },
} as const;

export function valuesQuerySchema(maxPageSize: number) {
  return {
    type: "object",
    properties: { ...filterParameters, order: text, limit: pageParameters(maxPageSize).limit },
  } as const;
}

export function aggregateQuerySchema(maxPageSize: number) {
  return {
    type: "object",
    properties: {
      ...filterParameters,
      ...pageParameters(maxPageSize),
      group: text,
      agg: { anyOf: [text, { type: "array", items: text }] },
      having: text,
      order: text,
    },
  } as const;
}

export const countQuerySchema = {
  type: "object",
  properties: { ...filterParameters },
} as const;

export const idParamsSchema = {
  type: "object",
  properties: { id: { type: "integer" } },
  required: ["id"],
} as const;
