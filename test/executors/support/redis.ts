import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** A key prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `cairn-test-${label}-${randomBytes(4).toString("hex")}`;
}

/** Deletes every key under `prefix` (what a test's transport left behind). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("no port"));
        else resolve(address.port);
      });
    });
  });
}

/**
 * A redis-server of the test's own on `port`, with nothing persisted: tests stop and
 * start it to play a Redis restart, or pause it to play a stall, never touching the
 * shared one.
 */
export interface OwnRedis {
  readonly url: string;
  start(): Promise<void>;
  /** SIGSTOP: connections stay open, commands get no answer. */
  pause(): void;
  resume(): void;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export function ownRedis(port: number): OwnRedis {
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const signal = (name: NodeJS.Signals) => {
    if (child === undefined || child.exitCode !== null) throw new Error("redis is not running");
    child.kill(name);
  };
  return {
    url,
    pause: () => {
      signal("SIGSTOP");
    },
    resume: () => {
      signal("SIGCONT");
    },
    async start() {
      const started = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      child = started;
      await new Promise<void>((resolve, reject) => {
        let out = "";
        started.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("Ready to accept connections")) resolve();
        });
        started.once("exit", (code) => {
          reject(new Error(`redis-server exited with ${String(code)}: ${out}`));
        });
      });
    },
    async kill() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGCONT");
      running.kill("SIGKILL");
      await exited;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds or `timeoutMs` passes. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
