import type { FastifyInstance } from "fastify";
import type { ModelRoute } from "./data-api-options.js";
import { writeGuard } from "./model-guards.js";
import { idParamsSchema } from "./query-schemas.js";

type Values = Readonly<Record<string, unknown>>;

const objectBody = { type: "object" } as const;

const createBody = {
  anyOf: [objectBody, { type: "array", items: objectBody, minItems: 1 }],
} as const;

const createQuery = {
  type: "object",
  properties: { on_conflict: { type: "string", enum: ["error", "update"] } },
  additionalProperties: false,
} as const;

/**
 * `POST /data/<model>`: one object or an array of them, all stored or none. An object
 * answers with its stored row, an array with `{"results": [...]}` in input order.
 * `?on_conflict=update` updates rows whose natural key exists instead of refusing.
 */
export function registerCreateRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.post<{ Body: Values | Values[]; Querystring: { on_conflict?: "error" | "update" } }>(
    route.base,
    {
      onRequest: writeGuard(options.adminToken),
      schema: {
        body: createBody,
        querystring: createQuery,
      },
    },
    async (request, reply) => {
      const { body } = request;
      const rows = Array.isArray(body) ? body : [body];
      const stored = await options.queries.insert(model.name, rows, {
        onConflict: request.query.on_conflict ?? "error",
      });
      void reply.status(201);
      return Array.isArray(body) ? { results: stored } : stored[0];
    },
  );
}

/** `PATCH /data/<model>/<id>`: changes the given fields of one row; answers the stored row. */
export function registerUpdateRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.patch<{ Params: { id: number }; Body: Values }>(
    `${route.base}/:id`,
    {
      onRequest: writeGuard(options.adminToken),
      schema: { params: idParamsSchema, body: objectBody },
    },
    (request) => options.queries.updateById(model.name, request.params.id, request.body),
  );
}

/** `DELETE /data/<model>/<id>`: 204 with no body. */
export function registerRemoveRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.delete<{ Params: { id: number } }>(
    `${route.base}/:id`,
    { onRequest: writeGuard(options.adminToken), schema: { params: idParamsSchema } },
    async (request, reply) => {
      await options.queries.removeById(model.name, request.params.id);
      return reply.status(204).send();
    },
  );
}
