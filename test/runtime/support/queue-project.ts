import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/**
 * A project for queued runs: every handler records its effect as an `effect` row
 * (label + execution), so a test can count how often each execution really ran.
 */
const FILES: Record<string, string> = {
  "cairn.yml": "name: queues\nversion: 0.1.0\n",
  "spec/models.yml": `
models:
  effect:
    key: id
    fields:
      label: {type: string, max_length: 100, required: true}
      execution: {type: string, max_length: 20, required: true}
`,
  "spec/commands.yml": `
commands:
  q:
    note:
      handler: handlers/q.ts#record
      parameters:
        label: {type: string, required: true, max_length: 100}
    later:
      handler: handlers/q.ts#record
      background: true
      parameters:
        label: {type: string, required: true, max_length: 100}
    on_a:
      handler: handlers/q.ts#record
      queue: a
      background: true
      parameters:
        label: {type: string, required: true, max_length: 100}
    on_b:
      handler: handlers/q.ts#record
      queue: b
      background: true
      parameters:
        label: {type: string, required: true, max_length: 100}
    urgent:
      handler: handlers/q.ts#record
      priority: 0
      queue: p
      parameters:
        label: {type: string, required: true, max_length: 100}
    flaky:
      handler: handlers/q.ts#flaky
      retries: 2
      retry_backoff: 0.01
      parameters:
        marker: {type: string, required: true}
    broken:
      handler: handlers/q.ts#broken
      retries: 1
      retry_backoff: 3600
    hang:
      handler: handlers/q.ts#hang
      retries: 1
      retry_backoff: 0
      parameters:
        label: {type: string, required: true, max_length: 100}
    hang_once:
      handler: handlers/q.ts#hang
      parameters:
        label: {type: string, required: true, max_length: 100}
    retried:
      handler: handlers/q.ts#record
      retries: 1
      retry_backoff: 0
      parameters:
        label: {type: string, required: true, max_length: 100}
    stall_once:
      handler: handlers/q.ts#stallOnce
      retries: 1
      retry_backoff: 0
      parameters:
        marker: {type: string, required: true}
    spin:
      handler: handlers/q.ts#spin
      timeout: 0.5
    tidy:
      handler: handlers/q.ts#tidy
      timeout: 0.5
    locked:
      handler: handlers/q.ts#record
      lock: q-lock
      parameters:
        label: {type: string, required: true, max_length: 100}
`,
  "handlers/q.ts": `
import { existsSync, writeFileSync } from "node:fs";

interface Ctx {
  info(text: string): void;
  execution: string;
  signal: AbortSignal;
  model(name: string): { save(key: string, values: Record<string, unknown>): Promise<unknown> };
}

export async function record(ctx: Ctx, { label }: { label: string }) {
  await ctx.model("effect").save("", { label, execution: ctx.execution });
  ctx.info(\`recorded \${label}\`);
  return label;
}

export async function flaky(ctx: Ctx, { marker }: { marker: string }) {
  if (!existsSync(marker)) {
    writeFileSync(marker, "failed once");
    throw new Error("failing the first time");
  }
  ctx.info("worked this time");
  return "fine";
}

export async function stallOnce(ctx: Ctx, { marker }: { marker: string }) {
  if (existsSync(marker)) {
    ctx.info("the second attempt goes through");
    return "done";
  }
  writeFileSync(marker, "stalled once");
  ctx.info("stalling until stopped");
  await new Promise<void>((_, reject) => {
    ctx.signal.addEventListener("abort", () => reject(new Error("stopped on signal")));
  });
}

export async function spin() {
  for (;;) {
    // Never yields: only terminating the isolate stops it.
  }
}

export async function tidy(ctx: Ctx) {
  await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
  ctx.info("cleaning up after the signal");
  throw new Error("stopped cleanly");
}

export async function broken() {
  throw new Error("always broken");
}

export async function hang(ctx: Ctx, { label }: { label: string }) {
  ctx.info(\`hanging \${label}\`);
  await new Promise<void>((_, reject) => {
    ctx.signal.addEventListener("abort", () => reject(new Error("stopped on signal")));
  });
}
`,
};

export function writeQueueProject(): TempTree {
  return writeTempTree("queue", FILES);
}
