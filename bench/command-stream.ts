/**
 * The command API's stream against the same command run in-process: a handler emits
 * 100,000 small messages; the baseline reads them from `runtime.start` with no HTTP,
 * the API case reads them as NDJSON from a real `cairn serve` process (parsing every
 * line, as a client must). Also the time from the call to the first message of a
 * one-message command, median of several calls each way. Prints figures and ratios;
 * no assertions (targets: API rate at least 0.5x the in-process rate, first message
 * within a few milliseconds of in-process).
 *
 *   npm run bench:stream
 *   BENCH_MESSAGES=20000 npm run bench:stream
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadSettings } from "../src/foundations/settings.js";
import { spawnChild } from "./bench-processes.js";
import { openRuntime } from "../src/runtime/index.js";
import type { Runtime } from "../src/runtime/runtime.js";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FIRST_CALLS = 30;
const TOKEN = "bench-token";

const FILES: Record<string, string> = {
  "cairn.yml": "name: streambench\nversion: 0.1.0\n",
  "spec/commands.yml": `commands:
  talk:
    handler: handlers/talk.mjs#talk
    parameters:
      count: {type: integer, required: true}
`,
  "handlers/talk.mjs": `export async function talk(ctx, { count }) {
  for (let i = 1; i <= count; i++) ctx.info("message " + i);
  return count;
}
`,
};

function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "cairn-bench-stream-"));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Sample {
  readonly firstMs: number;
  readonly totalMs: number;
  readonly count: number;
}

async function inProcess(runtime: Runtime, count: number): Promise<Sample> {
  const started = performance.now();
  let firstMs = 0;
  let seen = 0;
  const running = await runtime.start({ command: "talk", parameters: { count }, origin: "api" });
  for await (const message of running.messages) {
    if (seen === 0) firstMs = performance.now() - started;
    seen += message.seq > 0 ? 1 : 0;
  }
  return { firstMs, totalMs: performance.now() - started, count: seen };
}

async function overHttp(url: string, count: number): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(`${url}/command/talk`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ count }),
  });
  if (response.body === null || response.status !== 200) {
    throw new Error(`POST /command/talk answered ${String(response.status)}`);
  }
  const decoder = new TextDecoder();
  let firstMs = 0;
  let seen = 0;
  let buffered = "";
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const message = JSON.parse(buffered.slice(0, newline)) as { seq: number };
      if (seen === 0) firstMs = performance.now() - started;
      seen += message.seq > 0 ? 1 : 0;
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  }
  return { firstMs, totalMs: performance.now() - started, count: seen };
}

async function drain(messages: AsyncIterable<unknown>): Promise<void> {
  const iterator = messages[Symbol.asyncIterator]();
  while ((await iterator.next()).done !== true);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(run: (count: number) => Promise<Sample>) {
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const sample = await run(MESSAGES);
    if (sample.count !== MESSAGES + 1) throw new Error(`got ${String(sample.count)} messages`);
    rates.push(sample.count / (sample.totalMs / 1000));
  }
  const firsts: number[] = [];
  for (let i = 0; i < FIRST_CALLS; i++) firsts.push((await run(1)).firstMs);
  return { rate: median(rates), first: median(firsts) };
}

function startServer(dir: string): Promise<{ url: string; stop: () => void }> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const entry = fileURLToPath(new URL("../src/faces/cli/entry.ts", import.meta.url));
  const child = spawnChild(process.execPath, ["--import", tsx, entry, "serve", "--port", "0"], {
    cwd: dir,
    env: { ...process.env, CAIRN_ADMIN_TOKEN: TOKEN, CAIRN_LOG_LEVEL: "warn" },
  });
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      reject(new Error(`serve exited ${String(code)}: ${stderr}`));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /on (http:\/\/\S+) \(Ctrl-C to stop\)/.exec(stderr)?.[1];
      if (url !== undefined) resolve({ url, stop: () => child.kill("SIGTERM") });
    });
  });
}

const dir = writeProject();
try {
  const runtime = await openRuntime(loadSettings({ env: {}, cwd: dir }));
  const migrated = await runtime.start({ command: "db migrate", parameters: {}, origin: "cli" });
  await drain(migrated.messages);
  const local = await measure((count) => inProcess(runtime, count));
  await runtime.close();
  const server = await startServer(dir);
  try {
    const api = await measure((count) => overHttp(server.url, count));
    const line = (name: string, rate: number, first: number) =>
      `${name.padEnd(12)} ${Math.round(rate).toLocaleString("en-US").padStart(9)} messages/s   first message ${first.toFixed(2)} ms`;
    console.log(`command stream: talk count=${String(MESSAGES)}, ${String(RUNS)} runs (median)`);
    console.log(line("in-process", local.rate, local.first));
    console.log(line("HTTP NDJSON", api.rate, api.first));
    console.log(
      `ratio ${(api.rate / local.rate).toFixed(2)}x of the in-process rate; first message +${(api.first - local.first).toFixed(2)} ms`,
    );
  } finally {
    server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
