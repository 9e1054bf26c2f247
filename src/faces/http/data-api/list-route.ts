import type { FastifyInstance } from "fastify";
import type { CountMode, PageOptions } from "../../../engines/storage/records/data-queries.js";
import { DEFAULT_PAGE_SIZE } from "../../../engines/storage/data/index.js";
import type { ModelRoute } from "./data-api-options.js";
import { readerOf } from "./reader-of.js";
import { readGuard } from "./model-guards.js";
import { nestRow } from "./nest-row.js";
import { nextPageUrl } from "./next-url.js";
import { listQuerySchema } from "./query-schemas.js";
import {
  definedOnly,
  filterInputs,
  listParameter,
  numberParameter,
  textParameter,
  type QueryValues,
} from "./query-values.js";

/** Query keys with a meaning of their own; every other key is a filter. */
export const LIST_PARAMETERS: ReadonlySet<string> = new Set([
  "filter",
  "order",
  "fields",
  "limit",
  "offset",
  "cursor",
  "count",
]);

/** `?a__gt=1&order=-b&fields=a,rel__c&limit=10` as the store's page options. */
export function pageOptions(query: QueryValues): PageOptions {
  return definedOnly({
    filters: filterInputs(query, LIST_PARAMETERS),
    filter: textParameter(query, "filter"),
    order: listParameter(query, "order"),
    fields: listParameter(query, "fields"),
    limit: numberParameter(query, "limit") ?? DEFAULT_PAGE_SIZE,
    offset: numberParameter(query, "offset"),
    cursor: textParameter(query, "cursor"),
    count: textParameter(query, "count") as CountMode | undefined,
  });
}

/** `GET /data/<model>`: one page of rows, the count and the next page's URL. */
export function registerListRoute(app: FastifyInstance, route: ModelRoute): void {
  const { model, options } = route;
  app.get<{ Querystring: QueryValues }>(
    route.base,
    {
      onRequest: readGuard(model),
      schema: {
        querystring: listQuerySchema(options.maxPageSize),
      },
    },
    async (request) => {
      const { queries, scope } = readerOf(request, route);
      const page = await queries.listPage(model.name, { ...pageOptions(request.query), ...scope });
      return {
        results: page.rows.map((row) => nestRow(options.spec, model, row)),
        count: page.count,
        next: nextPageUrl(request, page, numberParameter(request.query, "offset")),
      };
    },
  );
}
