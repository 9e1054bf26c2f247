import type { ModelDefinition } from "../../../spec/model-definition.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { isPublic } from "../data-api/model-guards.js";
import { errorRefs, type ErrorResponseName } from "./error-components.js";
import { filterParameters } from "./filter-parameters.js";
import { ref, type JsonObject } from "./json-schema.js";
import { schemaNames } from "./model-schemas.js";

export const BEARER_SCHEME = "bearerAuth";

const json = (schema: JsonObject) => ({ "application/json": { schema } });
const params = (...names: string[]) => names.map((name) => ref("parameters", name));
const rows = (model: string) => ({ type: "array", items: ref("schemas", schemaNames(model).row) });

function operation(
  model: ModelDefinition,
  id: string,
  summary: string,
  secured: boolean,
  parts: { parameters?: JsonObject[]; requestBody?: JsonObject; responses: JsonObject },
  errors: readonly ErrorResponseName[],
): JsonObject {
  return {
    operationId: `${id}_${model.name}`,
    summary,
    tags: [model.name],
    // A public read needs no token, but a token sent is checked (401 when bad).
    security: secured ? [{ [BEARER_SCHEME]: [] }] : [{}, { [BEARER_SCHEME]: [] }],
    ...(parts.parameters === undefined ? {} : { parameters: parts.parameters }),
    ...(parts.requestBody === undefined ? {} : { requestBody: parts.requestBody }),
    responses: {
      ...parts.responses,
      ...errorRefs(
        secured
          ? ["Unauthorized", "Forbidden", "TooManyAttempts", ...errors, "Internal"]
          : ["Unauthorized", "TooManyAttempts", ...errors, "Internal"],
      ),
    },
  };
}

function streamed(mediaType: string, description: string): JsonObject {
  return { 200: { description, content: { [mediaType]: { schema: { type: "string" } } } } };
}

/** The paths of one served model: reads, exports, counts, values, aggregates and writes. */
export function modelPaths(spec: ProjectSpec, model: ModelDefinition): Record<string, JsonObject> {
  const m = model.name;
  const names = schemaNames(m);
  const readSecured = !isPublic(model);
  const filters = filterParameters(spec, model);
  const read = (id: string, summary: string, parts: Parameters<typeof operation>[4]) =>
    operation(model, id, summary, readSecured, parts, ["BadRequest", "NotFound"]);
  const write = (id: string, summary: string, parts: Parameters<typeof operation>[4]) =>
    operation(model, id, summary, true, parts, ["BadRequest", "NotFound", "Conflict"]);
  const exportOf = (format: string, mediaType: string) => ({
    get: read(`export_${format}`, `Every matching ${m} row as ${format.toUpperCase()}`, {
      parameters: [...params("filter", "order", "fields"), ...filters],
      responses: streamed(mediaType, `${format.toUpperCase()}, streamed`),
    }),
  });
  return {
    [`/data/${m}`]: {
      get: read("list", `List ${m} rows`, {
        parameters: [
          ...params("filter", "order", "fields", "limit", "offset", "cursor", "count"),
          ...filters,
        ],
        responses: {
          200: {
            description: "A page of rows",
            content: json({
              type: "object",
              properties: {
                results: rows(m),
                count: { type: ["integer", "null"] },
                next: { type: ["string", "null"], format: "uri" },
              },
              required: ["results", "count", "next"],
            }),
          },
        },
      }),
      post: write("create", `Create ${m} rows (all or none)`, {
        parameters: params("on_conflict"),
        requestBody: {
          required: true,
          content: json({
            anyOf: [
              ref("schemas", names.input),
              { type: "array", items: ref("schemas", names.input), minItems: 1 },
            ],
          }),
        },
        responses: {
          201: {
            description: "The stored row, or `{results}` for an array",
            content: json({
              anyOf: [
                ref("schemas", names.row),
                { type: "object", properties: { results: rows(m) }, required: ["results"] },
              ],
            }),
          },
        },
      }),
    },
    [`/data/${m}.csv`]: exportOf("csv", "text/csv"),
    [`/data/${m}.ndjson`]: exportOf("ndjson", "application/x-ndjson"),
    [`/data/${m}/count`]: {
      get: read("count", `Count matching ${m} rows`, {
        parameters: [...params("filter"), ...filters],
        responses: {
          200: {
            description: "The count",
            content: json({
              type: "object",
              properties: { count: { type: "integer" } },
              required: ["count"],
            }),
          },
        },
      }),
    },
    [`/data/${m}/values/{path}`]: {
      get: read("values", `Distinct values of a ${m} path with counts`, {
        parameters: [
          {
            name: "path",
            in: "path",
            required: true,
            description: "A field or related path",
            schema: { type: "string" },
          },
          ...params("filter", "order", "limit"),
          ...filters,
        ],
        responses: {
          200: {
            description: "Values, most frequent first",
            content: json({
              type: "object",
              properties: {
                results: {
                  type: "array",
                  items: {
                    type: "object",
                    properties: { value: {}, count: { type: "integer" } },
                    required: ["value", "count"],
                  },
                },
              },
              required: ["results"],
            }),
          },
        },
      }),
    },
    [`/data/${m}/aggregate`]: {
      get: read("aggregate", `Aggregate ${m} rows by groups`, {
        parameters: [
          ...params("group", "agg", "having", "filter", "order", "limit", "offset"),
          ...filters,
        ],
        responses: {
          200: {
            description: "One row per group: group paths and aggregate names (`sum_temp`)",
            content: json({
              type: "object",
              properties: {
                results: { type: "array", items: { type: "object", additionalProperties: true } },
              },
              required: ["results"],
            }),
          },
        },
      }),
    },
    [`/data/${m}/{id}`]: {
      get: read("get", `One ${m} row by id`, {
        parameters: params("id", "fields"),
        responses: { 200: { description: "The row", content: json(ref("schemas", names.row)) } },
      }),
      patch: write("update", `Change a ${m} row`, {
        parameters: params("id"),
        requestBody: { required: true, content: json(ref("schemas", names.patch)) },
        responses: {
          200: { description: "The stored row", content: json(ref("schemas", names.row)) },
        },
      }),
      delete: write("remove", `Remove a ${m} row`, {
        parameters: params("id"),
        responses: { 204: { description: "Removed" } },
      }),
    },
  };
}
