import type { FastifyInstance } from "fastify";
import type { AggregateOptions } from "../../../engines/storage/records/data-queries.js";
import type { ModelRoute } from "./data-api-options.js";
import { readerOf } from "./reader-of.js";
import { readGuard } from "./model-guards.js";
import { aggregateQuerySchema } from "./query-schemas.js";
import {
  definedOnly,
  filterInputs,
  listParameter,
  numberParameter,
  textParameter,
  type QueryValues,
} from "./query-values.js";

const AGGREGATE_PARAMETERS: ReadonlySet<string> = new Set([
  "filter",
  "group",
  "agg",
  "having",
  "order",
  "limit",
  "offset",
]);

/** Without `agg=`, an aggregate counts rows: `?group=station` alone is a histogram. */
const DEFAULT_AGGREGATES = ["count:*"];

/** `?group=a,b&agg=count:*,sum:temp&having=...` as the store's aggregate options. */
export function aggregateOptions(query: QueryValues): AggregateOptions {
  return {
    ...definedOnly({
      filters: filterInputs(query, AGGREGATE_PARAMETERS),
      filter: textParameter(query, "filter"),
      group: listParameter(query, "group"),
      having: textParameter(query, "having"),
      order: listParameter(query, "order"),
      limit: numberParameter(query, "limit"),
      offset: numberParameter(query, "offset"),
    }),
    aggregates: listParameter(query, "agg") ?? DEFAULT_AGGREGATES,
  };
}

/** `GET /data/<model>/aggregate`: grouped aggregates, keyed by group paths and aggregate names. */
export function registerAggregateRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.get<{ Querystring: QueryValues }>(
    `${route.base}/aggregate`,
    {
      onRequest: readGuard(model),
      schema: {
        querystring: aggregateQuerySchema(options.maxPageSize),
      },
    },
    async (request) => {
      const { queries, scope } = readerOf(request, route);
      return {
        results: await queries.aggregate(model.name, {
          ...aggregateOptions(request.query),
          ...scope,
        }),
      };
    },
  );
}
