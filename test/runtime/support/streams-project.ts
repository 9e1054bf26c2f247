import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/** A project whose handlers emit at a pace the test sets, for following across runtimes. */
const FILES: Record<string, string> = {
  "cairn.yml": "name: streams\nversion: 0.1.0\n",
  "spec/commands.yml": `
commands:
  s:
    tick:
      handler: handlers/s.ts#tick
      parameters:
        count: {type: integer, required: true}
        ms: {type: integer, default: 50}
    burst:
      handler: handlers/s.ts#burst
      parameters:
        count: {type: integer, required: true}
        pause: {type: integer, default: 0}
    retried:
      handler: handlers/s.ts#tick
      retries: 1
      retry_backoff: 0
      parameters:
        count: {type: integer, required: true}
        ms: {type: integer, default: 0}
`,
  "handlers/s.ts": `
type Ctx = { info(text: string): void };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function tick(ctx: Ctx, { count, ms }: { count: number; ms: number }) {
  for (let i = 1; i <= count; i++) {
    ctx.info(\`tick \${i}\`);
    await sleep(ms);
  }
  return count;
}

export async function burst(ctx: Ctx, { count, pause }: { count: number; pause: number }) {
  for (let i = 1; i <= count; i++) ctx.info(\`burst \${i}\`);
  await sleep(pause);
  for (let i = 1; i <= 3; i++) {
    ctx.info(\`after \${i}\`);
    await sleep(20);
  }
  return count;
}
`,
};

export function writeStreamsProject(): TempTree {
  return writeTempTree(
    "streams",
    Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, text.trimStart()])),
  );
}
