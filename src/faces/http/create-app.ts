import Fastify, { type FastifyInstance } from "fastify";
import { parseDatabaseUrl } from "../../engines/storage/database.js";
import type { Runtime } from "../../runtime/runtime.js";
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
}

/**
 * The one Fastify app of `cairn serve`. Each API is a plugin registered here, so the
 * command and data APIs plug in beside the status route, and `--apis` can later pick
 * which ones a node serves.
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const { runtime } = options;
  const app = Fastify({
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
  await app.register(statusRoute, {
    status: {
      name: runtime.spec.name,
      version: runtime.spec.version,
      cairn: options.cairnVersion,
      database: parseDatabaseUrl(runtime.settings.databaseUrl).dialect,
    },
  });
  return app;
}
