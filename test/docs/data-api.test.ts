import { join } from "node:path";
import { describeDoc, prepareWeather } from "./support/describe-doc.js";
import { docSteps, readDoc } from "./support/doc-commands.js";
import { DocSession } from "./support/doc-session.js";
import { startDocServer, type DocServer } from "./support/doc-server.js";

const DOC = "docs/data-api.md";

/** The admin token the document exports; the test's server is given the same. */
const token = docSteps(readDoc(DOC)).find(
  (step) => step.kind === "export" && step.name === "CAIRN_ADMIN_TOKEN",
);

let server: DocServer | undefined;

// docs/data-api.md starts in the repository root, loads the sample data and serves it;
// its curl lines go to an in-process server on the same project copy.
describeDoc(DOC, {
  session: () => DocSession.withWeatherExample(),
  setup: async (session) => {
    if (token?.kind !== "export") throw new Error(`${DOC} exports no CAIRN_ADMIN_TOKEN`);
    const dir = join(session.root, "examples", "weather");
    await prepareWeather(session, dir);
    server = await startDocServer(dir, { CAIRN_ADMIN_TOKEN: token.value });
    session.http = server.http;
  },
  teardown: async () => {
    await server?.close();
  },
});
