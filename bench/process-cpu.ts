/**
 * CPU time of the processes a bench measures, from /proc (Linux only): what each part
 * (the workers, PostgreSQL, Redis) spends per job, which on a machine whose cores they
 * share says more than the rate alone. Elsewhere it measures nothing and says so.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds process `pid` has used (all its threads); undefined once it is gone. */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
    // Fields after the command name, which may itself hold spaces: state is the first.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Whether this machine has /proc to measure with. */
export const canMeasureCpu = (() => {
  try {
    readFileSync("/proc/self/stat", "utf8");
    return true;
  } catch {
    return false;
  }
})();

/** The pids of the processes whose command name starts with `name`. */
export function processesNamed(name: string): number[] {
  const pids: number[] = [];
  if (!canMeasureCpu) return pids;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").startsWith(name)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/**
 * Measures the CPU that groups of processes use between `start` and `stop`. A group's
 * pids are looked up at each end, so processes that start meanwhile (PostgreSQL
 * backends) count from then on.
 */
export class CpuMeter {
  readonly #groups: Readonly<Record<string, () => readonly number[]>>;
  #started = new Map<number, number>();

  constructor(groups: Readonly<Record<string, () => readonly number[]>>) {
    this.#groups = groups;
  }

  start(): void {
    this.#started = new Map();
    for (const pids of Object.values(this.#groups))
      for (const pid of pids()) this.#started.set(pid, cpuMsOf(pid) ?? 0);
  }

  /** CPU milliseconds each group used since `start` (a process gone meanwhile counts none). */
  stop(): Record<string, number> {
    const used: Record<string, number> = {};
    for (const [group, pids] of Object.entries(this.#groups)) {
      used[group] = pids().reduce((sum, pid) => {
        const now = cpuMsOf(pid);
        return now === undefined ? sum : sum + now - (this.#started.get(pid) ?? 0);
      }, 0);
    }
    return used;
  }
}

/** `workers 0.45, postgres 0.24, redis 0.13 ms` for `used` CPU spread over `jobs`. */
export function perJob(used: Readonly<Record<string, number>>, jobs: number): string {
  if (!canMeasureCpu) return "not measured (no /proc)";
  const parts = Object.entries(used).map(([group, ms]) => `${group} ${(ms / jobs).toFixed(2)}`);
  return `${parts.join(", ")} ms`;
}
