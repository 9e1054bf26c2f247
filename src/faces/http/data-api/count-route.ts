import type { FastifyInstance } from "fastify";
import type { ModelRoute } from "./data-api-options.js";
import { readGuard } from "./model-guards.js";
import { readerOf } from "./reader-of.js";
import { countQuerySchema } from "./query-schemas.js";
import { definedOnly, filterInputs, textParameter, type QueryValues } from "./query-values.js";
import { countResponseSchema } from "./response-schemas.js";

const COUNT_PARAMETERS: ReadonlySet<string> = new Set(["filter"]);

/** `GET /data/<model>/count`: the exact number of matching rows (an empty page's count). */
export function registerCountRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model } = route;
  app.get<{ Querystring: QueryValues }>(
    `${route.base}/count`,
    {
      onRequest: readGuard(model),
      schema: { querystring: countQuerySchema, response: { 200: countResponseSchema } },
    },
    async (request) => {
      const { queries, scope } = readerOf(request, route);
      const page = await queries.listPage(model.name, {
        ...scope,
        ...definedOnly({
          filters: filterInputs(request.query, COUNT_PARAMETERS),
          filter: textParameter(request.query, "filter"),
        }),
        limit: 0,
        count: "exact",
      });
      return { count: page.count ?? 0 };
    },
  );
}
