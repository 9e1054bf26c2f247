import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../../src/faces/cli/entry.ts", import.meta.url));

/** A `cairn serve` process on a free port, as users start it (from source). */
export interface ServeProcess {
  readonly url: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (no shutdown at all), then waits for the exit. */
  kill(): Promise<void>;
}

/** Runs `cairn <args>` in `dir` and resolves with its exit code and output. */
export function runCairn(
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCairn(dir, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Starts `cairn <args>` in `dir` from source, as users run it. */
export function spawnCairn(
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): ChildProcess {
  return spawn(process.execPath, ["--import", tsx, entry, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", CAIRN_LOG_LEVEL: "warn", ...env },
  });
}

/** Starts `cairn serve --port 0` in `dir` and resolves once it listens. */
export function startServeProcess(
  dir: string,
  env: Readonly<Record<string, string>>,
): Promise<ServeProcess> {
  const child = spawnCairn(dir, ["serve", "--port", "0"], env);
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
    child.stderr?.on("data", (chunk: Buffer) => {
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
