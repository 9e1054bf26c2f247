import type { ChildProcess } from "node:child_process";
import { spawnCairn } from "../../support/cairn-process.js";
import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/**
 * A project whose `work effect` counts its runs in an `effect` row (read, then save
 * runs + 1, in the command's transaction) and then sleeps `ms`: a row with runs > 1
 * means an effect happened twice; a killed run's write is rolled back.
 */
export function writeWorkerProject(): TempTree {
  return writeTempTree("workers", {
    "cairn.yml": "name: workers\nversion: 0.1.0\n",
    "spec/models.yml": `
models:
  effect:
    key: label
    fields:
      label: {type: string, max_length: 40, required: true}
      runs: {type: integer, default: 0}
    ordering: [label]
`,
    "spec/commands.yml": `
commands:
  work:
    effect:
      handler: handlers/work.ts#effect
      retries: 3
      parameters:
        label: {type: string, required: true, max_length: 40}
        ms: {type: integer, default: 0}
    noop:
      handler: handlers/work.ts#noop
`,
    "handlers/work.ts": `
type Row = Record<string, unknown>;
type Ctx = {
  model(name: string): { get(key: string): Promise<Row>; save(key: string, values: Row): Promise<Row> };
};
export async function effect(ctx: Ctx, params: { label: string; ms: number }) {
  const effects = ctx.model("effect");
  let runs = 0;
  try {
    runs = Number((await effects.get(params.label)).runs ?? 0);
  } catch {
    runs = 0;
  }
  await effects.save(params.label, { runs: runs + 1 });
  if (params.ms > 0) await new Promise((resolve) => setTimeout(resolve, params.ms));
}
export function noop() {}
`,
  });
}

/** A `cairn worker` process, as users start it (from source). */
export interface WorkerProcess {
  /** The worker's name, from its start line. */
  readonly name: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `cairn worker ARGS` in `dir` and resolves once it printed its start line. */
export function startWorkerProcess(
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<WorkerProcess> {
  const child = spawnCairn(dir, ["worker", ...args], env);
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      reject(new Error(`cairn worker exited with ${String(code)} before starting:\n${stderr}`));
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const name = /cairn worker: (\S+) on queues/.exec(stderr)?.[1];
      if (name === undefined) return;
      resolve({
        name,
        child,
        stderr: () => stderr,
        exited,
        kill: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
  });
}
