import { runCli } from "../../../src/faces/cli/main.js";

/** Runs cairn in this process in `dir` with `env`; answers the exit code and output. */
export async function cairn(
  argv: readonly string[],
  dir: string,
  env: Readonly<Record<string, string>>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { NO_COLOR: "1", ...env },
    cwd: dir,
    isTTY: false,
  });
  return { code, stdout, stderr };
}
