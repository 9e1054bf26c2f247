import Fastify, { type FastifyInstance } from "fastify";
import { parseDatabaseUrl } from "../../engines/storage/database.js";
import type { DataQueries } from "../../engines/storage/records/data-queries.js";
import type { ApiName } from "../../foundations/settings.js";
import type { Runtime } from "../../runtime/runtime.js";
import { checkRequestValues } from "./check-request-values.js";
import { authenticateRequests } from "./authenticate-requests.js";
import { commandApiPlugin } from "./command-api/command-api-plugin.js";
import { dataApiPlugin } from "./data-api/index.js";
import { openDataQueries } from "./data-api/open-data-queries.js";
import { installErrorHandlers } from "./error-handler.js";
import { buildOpenApiDocument } from "./openapi/build-document.js";
import { openApiPlugin } from "./openapi/openapi-plugin.js";
import { statusRoute } from "./status-route.js";

/** Where pino writes; by default stdout. */
export interface LogDestination {
  write(line: string): unknown;
}

export interface AppOptions {
  /** The opened project every route serves; later plugins run commands through it. */
  readonly runtime: Runtime;
  readonly cairnVersion: string;
  /** pino level (settings.logLevel), or false for no logging (tests). */
  readonly logLevel: string | false;
  readonly logDestination?: LogDestination;
  /** Which APIs to serve (`--apis`); default `runtime.settings.apis`. */
  readonly apis?: readonly ApiName[];
  /**
   * The data API's reads and writes; by default its own pool on the project database,
   * opened on the first data request and closed with the app.
   */
  readonly dataQueries?: DataQueries;
  /** Serve HTTPS with this certificate chain and private key (PEM); default plain HTTP. */
  readonly https?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

/**
 * The one Fastify app of `cairn serve`. Each API is an encapsulated plugin registered
 * here beside the status route and the OpenAPI document; errors of every plugin go
 * through the one error handler installed on the root.
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const { runtime } = options;
  const { settings, spec } = runtime;
  // Fastify types an HTTPS app apart; its routes and hooks are the same.
  const app = (Fastify as (options: object) => FastifyInstance)({
    ...(options.https === undefined ? {} : { https: { ...options.https } }),
    // The client's address (throttling of bad tokens) as the trusted proxies report it.
    ...(settings.trustProxy === undefined
      ? {}
      : {
          trustProxy:
            typeof settings.trustProxy === "object"
              ? [...settings.trustProxy]
              : settings.trustProxy,
        }),
    logger:
      options.logLevel === false
        ? false
        : {
            level: options.logLevel,
            ...(options.logDestination === undefined
              ? {}
              : { stream: { write: (line: string) => void options.logDestination?.write(line) } }),
          },
  });
  installErrorHandlers(app);
  checkRequestValues(app);
  authenticateRequests(app, runtime.access);
  await app.register(statusRoute, {
    status: {
      name: spec.name,
      version: spec.version,
      cairn: options.cairnVersion,
      database: parseDatabaseUrl(settings.databaseUrl).dialect,
    },
  });
  const apis = options.apis ?? settings.apis;
  if (apis.includes("command")) {
    await app.register(commandApiPlugin, { runtime });
  }
  const queries = apis.includes("data") ? dataQueriesFor(app, options) : undefined;
  if (queries !== undefined) {
    await app.register(dataApiPlugin, {
      spec,
      queries,
      maxPageSize: settings.maxPageSize,
    });
  }
  const document = buildOpenApiDocument({
    spec,
    cairnVersion: options.cairnVersion,
    data: queries !== undefined,
    command: apis.includes("command"),
    maxPageSize: settings.maxPageSize,
  });
  await app.register(openApiPlugin, { document });
  return app;
}

function dataQueriesFor(app: FastifyInstance, options: AppOptions): DataQueries {
  if (options.dataQueries !== undefined) return options.dataQueries;
  const opened = openDataQueries(options.runtime.settings, options.runtime.spec);
  app.addHook("onClose", () => opened.close());
  return opened.queries;
}
