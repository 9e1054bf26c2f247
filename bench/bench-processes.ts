/**
 * What the process benches (queue, schedule) share: child processes, a redis-server of
 * their own on a free port, and a fresh PostgreSQL database with a project written to a
 * temporary directory.
 */
import {
  spawn,
  type ChildProcess,
  type ChildProcessWithoutNullStreams,
  type SpawnOptionsWithoutStdio,
} from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../src/engines/storage/database.js";

export const POSTGRES = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every child a bench started and that still runs: stopped with the bench, however it ends. */
const running = new Set<ChildProcess>();
let watching = false;

/** From the first child on: on exit, SIGINT or SIGTERM, the children go first. */
function watchExit(): void {
  if (watching) return;
  watching = true;
  const killAll = () => {
    for (const child of running) child.kill("SIGKILL");
  };
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** `spawn`, with the child stopped when the bench stops (a killed bench leaves no workers behind). */
export function spawnChild(
  command: string,
  args: readonly string[],
  options: SpawnOptionsWithoutStdio = {},
): ChildProcessWithoutNullStreams {
  watchExit();
  const child = spawn(command, args, options);
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("no port"));
        else resolve(address.port);
      });
    });
  });
}

/** Resolves with the first match of `pattern` in the child's output (stderr by default). */
export function waitFor(
  child: ChildProcess,
  pattern: RegExp,
  stream: "stdout" | "stderr" = "stderr",
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    child[stream]?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match !== null) resolve(match);
    });
    child.once("exit", (code) => {
      reject(new Error(`child exited with ${String(code)}: ${text}`));
    });
  });
}

/** Sends `signal` to each child still running and waits for them to exit. */
export async function stop(
  children: readonly ChildProcess[],
  signal: NodeJS.Signals = "SIGTERM",
): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve();
            return;
          }
          child.once("exit", () => {
            resolve();
          });
          child.kill(signal);
        }),
    ),
  );
}

/** A redis-server of the bench's own, nothing persisted. */
export async function startRedis(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const redis = spawnChild("redis-server", [
    "--port",
    String(port),
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  await waitFor(redis, /Ready to accept connections/, "stdout");
  return {
    url: `redis://127.0.0.1:${String(port)}`,
    pid: redis.pid ?? 0,
    stop: () => stop([redis], "SIGKILL"),
  };
}

/** A project's files in a new temporary directory, and a fresh database for it on POSTGRES. */
export async function benchProject(
  label: string,
  files: Readonly<Record<string, string>>,
): Promise<{ dir: string; url: string; remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `cairn-${label}-bench-`));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const name = `cairn_bench_${randomBytes(4).toString("hex")}`;
  const admin = await openDatabase(POSTGRES);
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  return {
    dir,
    url: POSTGRES.replace(/\/[^/]*$/, `/${name}`),
    async remove() {
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(admin.db);
      await admin.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
