import type { FastifyInstance } from "fastify";
import type { ModelRoute } from "./data-api-options.js";
import { readGuard } from "./model-guards.js";
import { readerOf } from "./reader-of.js";
import { valuesQuerySchema } from "./query-schemas.js";
import {
  definedOnly,
  filterInputs,
  listParameter,
  numberParameter,
  textParameter,
  type QueryValues,
} from "./query-values.js";

const VALUES_PARAMETERS: ReadonlySet<string> = new Set(["filter", "order", "limit"]);

/** `GET /data/<model>/values/<path>`: distinct values of a path with their counts. */
export function registerValuesRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.get<{ Params: { path: string }; Querystring: QueryValues }>(
    `${route.base}/values/:path`,
    {
      onRequest: readGuard(model),
      schema: {
        params: {
          type: "object",
          properties: { path: { type: "string", minLength: 1 } },
          required: ["path"],
        },
        querystring: valuesQuerySchema(options.maxPageSize),
      },
    },
    async (request) => {
      const { query } = request;
      const { queries, scope } = readerOf(request, route);
      const results = await queries.values(model.name, request.params.path, {
        ...scope,
        ...definedOnly({
          filters: filterInputs(query, VALUES_PARAMETERS),
          filter: textParameter(query, "filter"),
          order: listParameter(query, "order"),
          limit: numberParameter(query, "limit"),
        }),
      });
      return { results };
    },
  );
}
