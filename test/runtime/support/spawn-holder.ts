import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./hold-lock.ts", import.meta.url));

export interface Holder {
  /** The execution the other process started. */
  readonly execution: string;
  /** Its final status as that process printed it, once it has exited. */
  readonly ended: Promise<{ status: string; code: number | null }>;
}

/** Starts `hold-lock.ts` in another Node process and waits until its execution runs. */
export async function spawnHolder(dir: string, url: string, command?: string): Promise<Holder> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", SCRIPT, dir, url, ...(command === undefined ? [] : [command])],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const first = await lines.next();
  if (first.done === true) {
    throw new Error(`the holder process ended early (${String(await exited)}): ${stderr}`);
  }
  const { execution } = JSON.parse(first.value) as { execution: string };
  const ended = (async () => {
    const last = await lines.next();
    const code = await exited;
    if (last.done === true) throw new Error(`the holder printed no status: ${stderr}`);
    return { status: (JSON.parse(last.value) as { status: string }).status, code };
  })();
  ended.catch(() => undefined);
  return { execution, ended };
}
