import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../../../src/faces/cli/entry.ts", import.meta.url));

/** A `cairn serve` process that a test may stop or kill outright. */
export interface ServeChild {
  readonly url: string;
  stderr(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (no shutdown at all), then waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `cairn serve --port 0` in `dir` from source and resolves once it listens. */
export function startServeChild(
  dir: string,
  env: Readonly<Record<string, string>>,
): Promise<ServeChild> {
  const child = spawn(process.execPath, ["--import", tsx, entry, "serve", "--port", "0"], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", CAIRN_LOG_LEVEL: "warn", ...env },
  });
  let stderr = "";
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => {
      resolve();
    }),
  );
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      reject(new Error(`cairn serve exited with ${String(code)} before listening:\n${stderr}`));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /on (http:\/\/\S+) \(Ctrl-C to stop\)/.exec(stderr)?.[1];
      if (url === undefined) return;
      resolve({
        url,
        stderr: () => stderr,
        stop: () => end("SIGTERM"),
        kill: () => end("SIGKILL"),
      });
    });
  });
}
