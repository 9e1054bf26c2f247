import { createApp } from "../../../src/faces/http/index.js";
import { cairnVersion } from "../../../src/faces/package-version.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import { openRuntime } from "../../../src/runtime/index.js";
import type { HttpTarget } from "./doc-session.js";

export interface DocServer {
  /** Answers a document's curl lines through `app.inject`, without a socket. */
  readonly http: HttpTarget;
  close(): Promise<void>;
}

/** Cairn's HTTP app on the project in `dir`, with the settings a document's server has. */
export async function startDocServer(
  dir: string,
  env: Readonly<Record<string, string>>,
): Promise<DocServer> {
  const runtime = await openRuntime(loadSettings({ env, cwd: dir }));
  const app = await createApp({ runtime, cairnVersion: cairnVersion(), logLevel: false });
  return {
    http: async (request) => {
      const response = await app.inject({
        method: request.method as "GET",
        url: request.url,
        headers: request.headers,
        ...(request.body === undefined ? {} : { payload: request.body }),
      });
      return { status: response.statusCode, body: response.body };
    },
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}
