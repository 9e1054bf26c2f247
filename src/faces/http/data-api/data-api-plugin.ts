import type { FastifyPluginAsync } from "fastify";
import { ReadViews } from "../../../runtime/access/read-view.js";
import { registerAggregateRoute } from "./aggregate-route.js";
import { registerCountRoute } from "./count-route.js";
import { servedModels, type DataApiOptions, type ModelRoute } from "./data-api-options.js";
import { registerExportRoute } from "./export-route.js";
import { registerGetRoute } from "./get-route.js";
import { registerListRoute } from "./list-route.js";
import { registerUnknownModelRoute } from "./unknown-model-route.js";
import { registerValuesRoute } from "./values-route.js";
import { registerCreateRoute, registerRemoveRoute, registerUpdateRoute } from "./write-routes.js";

/**
 * The data API (DESIGN.md section 6) as one encapsulated plugin: static routes per
 * served model, so every query-string schema compiles at start-up and the router,
 * not the handlers, tells `/count` from `/<id>`. Handlers translate HTTP to the data
 * queries and back; the store validates paths, operators and values.
 */
export const dataApiPlugin: FastifyPluginAsync<DataApiOptions> = (app, options) => {
  const models = servedModels(options.spec);
  const views = new ReadViews(options.spec);
  for (const model of models) {
    const route: ModelRoute = { model, options, views, base: `/data/${model.name}` };
    registerListRoute(app, route);
    registerExportRoute(app, route, "csv");
    registerExportRoute(app, route, "ndjson");
    registerCountRoute(app, route);
    registerValuesRoute(app, route);
    registerAggregateRoute(app, route);
    registerGetRoute(app, route);
    registerCreateRoute(app, route);
    registerUpdateRoute(app, route);
    registerRemoveRoute(app, route);
  }
  registerUnknownModelRoute(
    app,
    models.map((model) => model.name),
  );
  return Promise.resolve();
};
