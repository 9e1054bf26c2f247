import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";
import {
  startLeaderElection,
  type LeaderElection,
  type LeaderLease,
} from "../../../src/runtime/schedule/leader/index.js";
import { POLL_MS, sleep } from "./leader-scenarios.js";

/**
 * The lease of the pause scenario: longer than the shared scenarios' TTL, because the
 * standby must keep renewing on its own for several TTLs while the suite loads the
 * machine, and a standby that lapsed under load would let the resumed child lead anew.
 */
export const PAUSE_TTL_MS = 1000;

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const child = fileURLToPath(new URL("./leader-child.ts", import.meta.url));

export interface ChildLease {
  readonly store: "redis" | "database";
  readonly url: string;
  readonly prefix?: string;
  readonly name: string;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The `act` lines of a child's output: when it acted and under which term. */
function acts(out: string): { term: number; at: number }[] {
  return [...out.matchAll(/^act (\d+) (\d+)$/gm)].map((match) => ({
    term: Number(match[1]),
    at: Number(match[2]),
  }));
}

/**
 * A replica in a child process takes the lease and acts; the test stops it with SIGSTOP,
 * lets `standby` take over, and resumes it with SIGCONT: it must never act again. Answers
 * how long after the SIGSTOP the standby held the lease.
 */
export async function pauseHolder(lease: ChildLease, standby: LeaderLease): Promise<number> {
  let replica: ChildProcess | undefined;
  let election: LeaderElection | undefined;
  try {
    const started = spawn(process.execPath, [
      "--import",
      tsx,
      child,
      JSON.stringify({ ...lease, replica: "paused", ttlMs: PAUSE_TTL_MS, everyMs: POLL_MS }),
    ]);
    replica = started;
    let out = "";
    started.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    started.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await until(() => acts(out).length >= 5, 20_000, `the child to lead (${out})`);
    const term = acts(out)[0]?.term ?? 0;

    started.kill("SIGSTOP");
    const stoppedAt = Date.now();
    let heldAt = 0;
    for (let tries = 0; heldAt === 0; tries++) {
      if (tries * POLL_MS > PAUSE_TTL_MS * 10) throw new Error("the standby never took over");
      const state = await standby.tick();
      if (state.held) heldAt = Date.now();
      else await sleep(POLL_MS);
    }
    const takeover = heldAt - stoppedAt;
    expect(standby.term).toBe(term + 1);
    election = startLeaderElection(standby, { everyMs: POLL_MS }); // the new leader renews
    // Stay stopped a while longer than the lease, as a long pause would.
    await sleep(PAUSE_TTL_MS / 2);
    const resumedAt = Date.now();
    started.kill("SIGCONT");
    await until(() => out.includes('change {"held":false}'), 5000, "the child to step down");
    await sleep(PAUSE_TTL_MS * 2); // its loop keeps running: it must stay a standby
    expect(standby.isHeld()).toBe(true);
    expect(standby.term).toBe(term + 1);

    const all = acts(out);
    expect(all.every((act) => act.term === term)).toBe(true);
    expect(all.filter((act) => act.at >= resumedAt)).toEqual([]);
    expect(all.filter((act) => act.at > stoppedAt + 2)).toEqual([]);
    return takeover;
  } finally {
    await election?.stop();
    if (replica !== undefined && replica.exitCode === null) {
      const exited = new Promise((resolve) => replica?.once("exit", resolve));
      replica.kill("SIGCONT");
      replica.kill("SIGKILL");
      await exited;
    }
  }
}
