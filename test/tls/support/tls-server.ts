import { startCairnServer, type CairnServer } from "../../client/support/cairn-server.js";
import { createFixtureProject } from "../../cli/support/fixture-project.js";

/** Serves the CLI tests' fixture project over HTTPS (`cairn serve --tls-cert --tls-key`). */
export function startTlsServer(certFile: string, keyFile: string): Promise<CairnServer> {
  return startCairnServer(createFixtureProject(), ["--tls-cert", certFile, "--tls-key", keyFile]);
}
