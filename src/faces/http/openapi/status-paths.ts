import { errorRefs } from "./error-components.js";
import type { JsonObject } from "./json-schema.js";

/** `GET /status`, served by every node whatever `--apis` says. */
export function statusPaths(): Record<string, JsonObject> {
  return {
    "/status": {
      get: {
        operationId: "status",
        summary: "Health, without authentication",
        tags: ["status"],
        responses: {
          200: {
            description: "The server is up",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    status: { type: "string", enum: ["ok"] },
                    name: { type: "string" },
                    version: { type: "string" },
                    cairn: { type: "string" },
                    database: { type: "string" },
                  },
                  required: ["status", "name", "version", "cairn", "database"],
                },
              },
            },
          },
          // Every route refuses a malformed URL (a NUL character) before it is served.
          ...errorRefs(["BadRequest", "Internal"]),
        },
      },
    },
  };
}
