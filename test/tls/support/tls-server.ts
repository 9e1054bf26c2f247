import { spawn, type ChildProcess } from "node:child_process";
import { ADMIN_TOKEN, cairnArgv, cairnSync } from "../../client/support/cairn-server.js";
import { createFixtureProject, type FixtureProject } from "../../cli/support/fixture-project.js";

/** `cairn serve --tls-cert --tls-key` as a real process on a free port. */
export interface TlsServer {
  /** The URL its start-up line named. */
  readonly url: string;
  readonly token: string;
  readonly project: FixtureProject;
  stop(): Promise<void>;
}

/** Serves the CLI tests' fixture project over HTTPS, migrated first. */
export async function startTlsServer(certFile: string, keyFile: string): Promise<TlsServer> {
  const project = createFixtureProject();
  cairnSync(project.dir, ["db", "migrate"]);
  const child = spawn(
    process.execPath,
    cairnArgv(["serve", "--port", "0", "--tls-cert", certFile, "--tls-key", keyFile]),
    {
      cwd: project.dir,
      env: {
        ...process.env,
        NO_COLOR: "1",
        CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
        CAIRN_LOG_LEVEL: "warn",
      },
    },
  );
  const url = await listening(child);
  return {
    url,
    token: ADMIN_TOKEN,
    project,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      project.remove();
    },
  };
}

function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /on (https?:\/\/\S+) /.exec(seen);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once("exit", () => {
      reject(new Error(`cairn serve exited: ${seen}`));
    });
  });
}
