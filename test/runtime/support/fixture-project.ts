import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/** A small project on disk: two models, handlers in TypeScript and plain ESM. */
const FILES: Record<string, string> = {
  "cairn.yml": "name: fixture\nversion: 0.1.0\n",
  "spec/models.yml": `
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 100}
      elevation: {type: float}
    ordering: [number]
  reading:
    key: day
    scope: [station]
    fields:
      day: {type: date, required: true}
      temp: {type: float}
    relations:
      station: {model: station, required: true, on_delete: cascade}
`,
  "spec/commands.yml": `
commands:
  demo:
    greet:
      handler: handlers/greet.ts#greet
      parameters:
        name: {type: string, required: true, max_length: 10}
        dry_run: {type: flag}
        times: {type: integer, default: 1, min: 1, max: 5}
    plain:
      handler: handlers/plain.mjs
      parameters:
        word: {type: string}
    typed:
      handler: handlers/plain.mjs#echo
      parameters:
        count: {type: integer}
        ratio: {type: float}
        price: {type: decimal}
        ok: {type: boolean}
        day: {type: date}
        at: {type: datetime}
        data: {type: json}
        tags: {type: string, multiple: true}
        color: {type: string, choices: [red, green]}
        station: {type: key, model: station}
    write:
      handler: handlers/greet.ts#write
      parameters:
        number: {type: string, required: true}
        fail: {type: flag}
    config:
      handler: handlers/greet.ts#readConfig
      parameters:
        name: {type: string, required: true}
    nested:
      handler: handlers/greet.ts#nested
    chatty:
      handler: handlers/chatty.ts#chatty
      parameters:
        count: {type: integer, required: true}
    spin:
      handler: handlers/stuck.ts#spin
    hang:
      handler: handlers/stuck.ts#hang
      parameters:
        number: {type: string}
    slow:
      handler: handlers/stuck.ts#spin
      timeout: 1
    crash:
      handler: handlers/stuck.ts#crash
    missing:
      handler: handlers/vanish.ts#gone
    noexport:
      handler: handlers/greet.ts#nothing
    every:
      handler: handlers/plain.mjs#echo
      parameters:
        words: {type: text}
        big: {type: bigint}
        ratio: {type: float}
        price: {type: decimal}
        ok: {type: boolean}
        day: {type: date}
        at: {type: datetime}
        clock: {type: time}
        span: {type: duration}
        uid: {type: uuid}
        blob: {type: binary}
        data: {type: json}
        text_data: {type: json}
        days: {type: date, multiple: true}
        counts: {type: integer, multiple: true}
        station: {type: key, model: station}
        stations: {type: key, model: station, multiple: true}
        loud: {type: flag}
        quiet: {type: flag}
        color: {type: string, choices: [red, green], default: green}
    drip:
      handler: handlers/chatty.ts#drip
      parameters:
        count: {type: integer, required: true}
    locked:
      handler: handlers/lock.ts#hold
      lock: demo-lock
    locked_nap:
      handler: handlers/lock.ts#nap
      lock: demo-lock
      parameters:
        ms: {type: integer, default: 10}
    locked_fail:
      handler: handlers/lock.ts#fail
      lock: demo-lock
`,
  "handlers/lock.ts": `
type Ctx = { info(text: string): void; signal: AbortSignal };

export async function hold(ctx: Ctx) {
  ctx.info("holding the lock");
  await new Promise<void>((_, reject) => {
    ctx.signal.addEventListener("abort", () => reject(new Error("stopped on signal")));
  });
}

export async function nap(ctx: Ctx, { ms }: { ms: number }) {
  ctx.info("napping");
  await new Promise((resolve) => setTimeout(resolve, ms));
  return "rested";
}

export async function fail(ctx: Ctx) {
  ctx.info("failing");
  throw new Error("failing on purpose");
}
`,
  "handlers/greet.ts": `
interface Ctx {
  info(text: string): void;
  success(text: string): void;
  data(value: unknown): void;
  progress(done: number, total: number): void;
  model(name: string): { save(key: string, values: Record<string, unknown>): Promise<unknown> };
  config(name: string): Promise<unknown>;
  run(command: string, parameters?: Record<string, unknown>): Promise<unknown>;
  user: { name: string };
  execution: string;
}

export async function greet(ctx: Ctx, params: { name: string; dryRun: boolean; times: number }) {
  for (let i = 1; i <= params.times; i++) ctx.info(\`hello \${params.name} \${i}\`);
  ctx.progress(1, 1);
  ctx.data({ user: ctx.user.name, execution: ctx.execution });
  return { name: params.name, dryRun: params.dryRun, times: params.times, keys: Object.keys(params) };
}

export async function write(ctx: Ctx, params: { number: string; fail: boolean }) {
  await ctx.model("station").save(params.number, { name: "written" });
  ctx.info("saved");
  if (params.fail) throwFromHere(params.number);
  return "ok";
}

function throwFromHere(number: string): never {
  throw new Error(\`refusing station \${number}\`);
}

export async function readConfig(ctx: Ctx, params: { name: string }) {
  return { value: await ctx.config(params.name) };
}

export async function nested(ctx: Ctx) {
  const inner = await ctx.run("demo greet", { name: "inner", times: 2 });
  let failure = "";
  try {
    await ctx.run("demo greet", { name: "far too long a name" });
  } catch (error) {
    failure = (error as { code: string }).code;
  }
  return { inner, failure };
}
`,
  "handlers/plain.mjs": `
export default async function plain(ctx, { word }) {
  ctx.success(\`plain \${word ?? "nothing"}\`);
  return word ?? null;
}

export async function echo(ctx, params) {
  return params;
}
`,
  "handlers/vanish.ts": "export function gone() {}\n",
  "handlers/chatty.ts": `
export async function chatty(ctx: { info(text: string): void }, { count }: { count: number }) {
  for (let i = 1; i <= count; i++) ctx.info(\`message \${i}\`);
  return count;
}

export async function drip(ctx: { info(text: string): void }, { count }: { count: number }) {
  for (let i = 1; i <= count; i++) {
    ctx.info(\`drop \${i}\`);
    if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return count;
}
`,
  "handlers/stuck.ts": `
type Ctx = { info(text: string): void; signal: AbortSignal; model(name: string): { save(key: string, values: Record<string, unknown>): Promise<unknown> } };

export async function spin(ctx: Ctx) {
  ctx.info("spinning");
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (;;) {
    // Blocks the isolate's loop for good: only terminating its thread stops it.
  }
}

export async function hang(ctx: Ctx, { number }: { number?: string }) {
  if (number !== undefined) await ctx.model("station").save(number, { name: "hanging" });
  ctx.info("waiting for the signal");
  await new Promise<void>((_, reject) => {
    ctx.signal.addEventListener("abort", () => reject(new Error("stopped on signal")));
  });
}

export async function crash(ctx: Ctx) {
  ctx.info("about to exit");
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.exit(3);
}
`,
};

/** Writes the fixture project into a fresh temporary directory. */
export function writeFixtureProject(): TempTree {
  return writeTempTree(
    "runtime",
    Object.fromEntries(Object.entries(FILES).map(([path, text]) => [path, text.trimStart()])),
  );
}
