import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/** The token every command API test server is given. */
export const COMMAND_TOKEN = "command-api-test-token";

/**
 * A project whose commands exercise the command API: talkative, slow, interruptible,
 * locked and failing handlers, plus a model for resource commands.
 */
const FILES: Record<string, string> = {
  "cairn.yml": "name: cmdapi\nversion: 0.1.0\n",
  "spec/models.yml": `
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 100}
      elevation: {type: float}
    ordering: [number]
`,
  "spec/commands.yml": `
commands:
  talk:
    handler: handlers/talk.ts#talk
    help: Emit COUNT info messages
    parameters:
      count: {type: integer, required: true, min: 0, help: how many messages}
  steady:
    handler: handlers/talk.ts#steady
    help: Emit progress for STEPS steps of PAUSE milliseconds; not interruptible
    parameters:
      steps: {type: integer, default: 10}
      pause: {type: integer, default: 50}
  spin:
    handler: handlers/talk.ts#spin
    interruptible: true
    help: Emit progress until aborted
  gate:
    handler: handlers/talk.ts#gate
    help: Say it is waiting, then wait until the file OPEN exists
    parameters:
      open: {type: string, required: true}
  exclusive:
    handler: handlers/talk.ts#exclusive
    lock: nightly
    help: Hold the nightly lock until the file RELEASE exists
    parameters:
      release: {type: string, required: true}
  echo:
    handler: handlers/talk.ts#echo
    parameters:
      text: {type: string, required: true, max_length: 20}
      times: {type: integer, default: 1, min: 1, max: 5}
      day: {type: date}
      tags: {type: string, multiple: true}
      loud: {type: flag}
  boom:
    handler: handlers/talk.ts#boom
    help: Always fails
`,
  "handlers/talk.ts": `
import { existsSync } from "node:fs";

interface Ctx {
  info(text: string): void;
  progress(done: number, total: number, label?: string): void;
  model(name: string): { list(options?: unknown): Promise<unknown[]>; get(key: string): Promise<unknown> };
  signal: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A handler's reads share its transaction's snapshot, so the tests signal through files.
const exists = (_ctx: Ctx, file: string) => existsSync(file);

export async function talk(ctx: Ctx, { count }: { count: number }) {
  for (let i = 1; i <= count; i++) ctx.info(\`message \${i}\`);
  return count;
}

export async function steady(ctx: Ctx, { steps, pause }: { steps: number; pause: number }) {
  for (let i = 1; i <= steps; i++) {
    await sleep(pause);
    ctx.progress(i, steps, "steady");
  }
  return steps;
}

export async function spin(ctx: Ctx) {
  for (let i = 1; ; i++) {
    if (ctx.signal.aborted) throw new Error("stopped");
    ctx.progress(i, 0, "spinning");
    await sleep(20);
  }
}

export async function gate(ctx: Ctx, { open }: { open: string }) {
  ctx.info("waiting");
  while (!exists(ctx, open)) await sleep(25);
  ctx.info("open");
  return open;
}

export async function exclusive(ctx: Ctx, { release }: { release: string }) {
  ctx.info("holding the lock");
  while (!exists(ctx, release)) await sleep(25);
  return release;
}

export async function echo(ctx: Ctx, params: Record<string, unknown>) {
  for (let i = 0; i < (params.times as number); i++) ctx.info(String(params.text));
  return params;
}

export async function boom(ctx: Ctx) {
  ctx.info("about to fail");
  throw new Error("boom on purpose");
}
`,
};

export function writeCommandProject(): TempTree {
  return writeTempTree(
    "cmdapi",
    Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, text.trimStart()])),
  );
}
