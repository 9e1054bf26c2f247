import type { FastifyInstance } from "fastify";
import { ModelNotFound, RouteNotFound } from "../../../foundations/error-codes.js";
import { closestNames, didYouMean } from "../../../foundations/suggest.js";

/**
 * Every other `/data/...` path: an unknown model answers 404 with the closest served
 * names; a served model with an unknown sub-path is an unknown route.
 */
export function registerUnknownModelRoute(app: FastifyInstance, served: readonly string[]): void {
  app.all<{ Params: { "*": string } }>("/data/*", (request) => {
    const first = request.params["*"].split("/")[0] ?? "";
    const name = first.replace(/\.(csv|ndjson)$/, "");
    if (served.includes(name)) {
      throw RouteNotFound.create(`no route ${request.method} /data/${request.params["*"]}`, {
        hint: `GET /openapi.json lists the routes of '${name}'.`,
      });
    }
    throw ModelNotFound.create(
      `the data API serves no model '${name}'${didYouMean(name, served)}`,
      {
        hint:
          served.length === 0
            ? "No model is served: every model has `api: false`."
            : `Served models: ${served.join(", ")}.`,
        details: { model: name, suggestions: closestNames(name, served) },
      },
    );
  });
}
