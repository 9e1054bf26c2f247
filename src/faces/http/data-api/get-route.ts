import type { FastifyInstance } from "fastify";
import type { ModelRoute } from "./data-api-options.js";
import { readGuard } from "./model-guards.js";
import { readerOf } from "./reader-of.js";
import { nestRow } from "./nest-row.js";
import { fieldsQuerySchema, idParamsSchema } from "./query-schemas.js";
import { listParameter, type QueryValues } from "./query-values.js";

/** `GET /data/<model>/<id>`: one row by its integer id; `fields=` as for lists. */
export function registerGetRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.get<{ Params: { id: number }; Querystring: QueryValues }>(
    `${route.base}/:id`,
    {
      onRequest: readGuard(model),
      schema: {
        params: idParamsSchema,
        querystring: fieldsQuerySchema,
      },
    },
    async (request) => {
      const fields = listParameter(request.query, "fields");
      const { queries, scope } = readerOf(request, route);
      const row = await queries.getById(model.name, request.params.id, fields, scope.scope);
      return nestRow(options.spec, model, row);
    },
  );
}
