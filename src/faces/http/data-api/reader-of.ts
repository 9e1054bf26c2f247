import type { FastifyRequest } from "fastify";
import type { FilterNode } from "../../../engines/storage/query/index.js";
import type { DataQueries } from "../../../engines/storage/records/data-queries.js";
import { principalOf } from "../request-principal.js";
import type { ModelRoute } from "./data-api-options.js";

/** The data queries as the request's principal reads the route's model. */
export interface Reader {
  /** Queries over the spec as they see it: fields they may not see are unknown names. */
  readonly queries: DataQueries;
  /** Row-level rules, to pass with every read; `{}` when every row is theirs to read. */
  readonly scope: { readonly scope?: FilterNode };
}

export function readerOf(request: FastifyRequest, route: ModelRoute): Reader {
  const view = route.views.of(principalOf(request), route.model.name);
  return {
    queries: route.options.queries.withSpec(view.spec),
    scope: view.scope === undefined ? {} : { scope: view.scope },
  };
}
