import swagger, { type StaticDocumentSpec } from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyPluginAsync } from "fastify";
import type { JsonObject } from "./json-schema.js";

export interface OpenApiPluginOptions {
  readonly document: JsonObject;
}

/**
 * `GET /openapi.json` and the interactive `/docs`, from a document built from the spec
 * (static mode: routes are not introspected, the spec is the source of truth).
 */
export const openApiPlugin: FastifyPluginAsync<OpenApiPluginOptions> = async (app, options) => {
  await app.register(swagger, {
    mode: "static",
    // The plugin's types stop at OpenAPI 3.0; it serves 3.1 documents unchanged.
    specification: { document: options.document as unknown as StaticDocumentSpec["document"] },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", () => app.swagger());
};
