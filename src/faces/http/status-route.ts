import type { FastifyPluginAsync } from "fastify";

/** What GET /status reports: enough for a load balancer and for a person checking a deploy. */
export interface StatusInfo {
  /** The project's name and version (its cairn.yml). */
  readonly name: string;
  readonly version: string;
  /** Cairn's own version. */
  readonly cairn: string;
  /** The database dialect: sqlite, postgres or mysql. */
  readonly database: string;
}

export interface StatusRouteOptions {
  readonly status: StatusInfo;
}

const statusSchema = {
  response: {
    200: {
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
} as const;

/** `GET /status`: health without authentication (DESIGN.md section 6). */
export const statusRoute: FastifyPluginAsync<StatusRouteOptions> = (app, options) => {
  const body = { status: "ok", ...options.status };
  app.get("/status", { schema: statusSchema }, () => body);
  return Promise.resolve();
};
