import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createFixtureProject } from "../../cli/support/fixture-project.js";
import type { TempTree } from "../../support/temp-tree.js";

/** The CLI as users start it, from source through tsx (no build needed). */
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../../../src/faces/cli/entry.ts", import.meta.url));

export const ADMIN_TOKEN = "remote-s3cret";

/** `cairn serve` as a real process on a free port, over a migrated fixture project. */
export interface CairnServer {
  readonly url: string;
  readonly token: string;
  readonly project: TempTree;
  stop(): Promise<void>;
}

/** The argv that runs the CLI from source: `node --import tsx entry.ts ...args`. */
export function cairnArgv(args: readonly string[]): string[] {
  return ["--import", tsx, entry, ...args];
}

/** Runs cairn in `dir` to prepare a project (`db migrate`); throws when it fails. */
export function cairnSync(dir: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, cairnArgv(args), {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`cairn ${args.join(" ")} failed: ${result.stderr.toString()}`);
  }
}

/**
 * Serves `project` (by default the CLI tests' fixture), migrated first, with `serveArgs`
 * added to `cairn serve` (`--tls-cert`, ...); the server and the project's directory go
 * away with `stop`.
 */
export async function startCairnServer(
  project: TempTree = createFixtureProject(),
  serveArgs: readonly string[] = [],
): Promise<CairnServer> {
  cairnSync(project.dir, ["db", "migrate"]);
  const child = spawn(process.execPath, cairnArgv(["serve", "--port", "0", ...serveArgs]), {
    cwd: project.dir,
    env: {
      ...process.env,
      NO_COLOR: "1",
      CAIRN_ADMIN_TOKEN: ADMIN_TOKEN,
      CAIRN_LOG_LEVEL: "warn",
    },
  });
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
