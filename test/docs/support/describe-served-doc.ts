import { join } from "node:path";
import { describeDoc, prepareWeather } from "./describe-doc.js";
import { docSteps, readDoc } from "./doc-commands.js";
import { DocSession } from "./doc-session.js";
import { startDocServer, type DocServer } from "./doc-server.js";

/**
 * A document that starts in the repository root, loads the example's sample data and
 * serves it (the load is execution 1): its curl lines go to an in-process server on the
 * same project copy, given the admin token the document exports.
 */
export function describeServedDoc(path: string): void {
  const token = docSteps(readDoc(path)).find(
    (step) => step.kind === "export" && step.name === "CAIRN_ADMIN_TOKEN",
  );
  let server: DocServer | undefined;
  describeDoc(path, {
    session: () => DocSession.withWeatherExample(),
    setup: async (session) => {
      if (token?.kind !== "export") throw new Error(`${path} exports no CAIRN_ADMIN_TOKEN`);
      const dir = join(session.root, "examples", "weather");
      await prepareWeather(session, dir);
      server = await startDocServer(dir, { CAIRN_ADMIN_TOKEN: token.value });
      session.http = server.http;
    },
    teardown: async () => {
      await server?.close();
    },
  });
}
