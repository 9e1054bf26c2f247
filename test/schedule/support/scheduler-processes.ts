import type { ChildProcess } from "node:child_process";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import { BACKENDS, type TestDatabase } from "../../support/backends.js";
import { spawnCairn } from "../../support/cairn-process.js";

/** A `cairn scheduler` process, as users start it (from source). */
export interface SchedulerProcess {
  /** The replica's name, from its first line. */
  readonly name: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** When (wall ms, as this test saw the line) it reported each change: active or standing by. */
  readonly changes: { readonly at: number; readonly active: boolean; readonly term?: number }[];
  /** Whether its last reported change was `active`. */
  active(): boolean;
  readonly exited: Promise<number | null>;
  /** Sends `signal`; for SIGKILL and SIGTERM waits for the exit. */
  signal(signal: NodeJS.Signals): Promise<void>;
}

/** One fire as the tests read it back. */
export interface FireRow {
  readonly id: number;
  readonly schedule: string;
  /** Epoch ms of the scheduled instant. */
  readonly instant: number;
  readonly latenessMs: number;
  readonly replica: string;
  readonly term: number;
  /** Epoch ms the row was written. */
  readonly created: number;
}

/**
 * One deployment for a test: a fresh PostgreSQL database (migrated) for the project in
 * `dir`, `cairn scheduler` processes started on demand with `env` (plus the database,
 * and CAIRN_REDIS_URL when `redisUrl` is given), and a store to write schedules and read
 * fires.
 */
export interface SchedulerCluster {
  readonly env: Readonly<Record<string, string>>;
  readonly store: RecordStore;
  /** Saves an `every` schedule anchored at a whole second, looked at from now. */
  every(name: string, interval: string, values?: Record<string, unknown>): Promise<void>;
  replica(): Promise<SchedulerProcess>;
  /** Waits until exactly one of `among` reports active; answers it. */
  waitForActive(among: readonly SchedulerProcess[], timeoutMs?: number): Promise<SchedulerProcess>;
  fires(schedule?: string): Promise<FireRow[]>;
  close(): Promise<void>;
}

export async function openSchedulerCluster(
  dir: string,
  env: Readonly<Record<string, string>>,
  redisUrl?: string,
): Promise<SchedulerCluster> {
  const backend = BACKENDS.find((b) => b.name === "postgres");
  if (backend === undefined) throw new Error("no postgres backend");
  const testDatabase: TestDatabase = await backend.createDatabase();
  const fullEnv = {
    CAIRN_DATABASE_URL: testDatabase.url,
    ...(redisUrl === undefined ? {} : { CAIRN_REDIS_URL: redisUrl }),
    ...env,
  };
  const spec = await loadProjectSpec(dir);
  const database: Database = await openDatabase(testDatabase.url);
  await migrateDatabase(database, spec);
  const store = createRecordStore(database, spec);
  const processes: SchedulerProcess[] = [];
  return {
    env: fullEnv,
    store,
    async every(name, interval, values = {}) {
      await store.save(
        "schedule",
        { key: name },
        {
          command: "job note",
          parameters: {},
          user: "admin",
          expression: `every ${interval}`,
          timezone: "UTC",
          anchor: "2020-01-01T00:00:00.000Z",
          checked_until: new Date().toISOString(),
          misfire: "run_once",
          overlap: "allow",
          ...values,
        },
      );
    },
    async replica() {
      const started = await startSchedulerProcess(dir, fullEnv);
      processes.push(started);
      return started;
    },
    async waitForActive(among, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const active = among.filter((replica) => replica.active());
        const [only] = active;
        if (active.length === 1 && only !== undefined) return only;
        if (Date.now() > deadline) {
          throw new Error(
            `no single active replica after ${String(timeoutMs)} ms:\n${among.map((r) => r.stderr()).join("\n")}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async fires(schedule) {
      const rows = await store.list("execution", {
        filters: [
          { path: "origin", value: "schedule" },
          ...(schedule === undefined ? [] : [{ path: "schedule__name", value: schedule }]),
        ],
        fields: ["id", "schedule", "scheduled_for", "lateness_ms", "fired_by", "created"],
        order: ["id"],
      });
      return rows.map(fireRow);
    },
    async close() {
      await Promise.all(processes.map((p) => p.signal("SIGKILL")));
      await database.close();
      await testDatabase.drop();
    },
  };
}

function fireRow(row: RecordRow): FireRow {
  const firedBy = String(row.fired_by);
  const hash = firedBy.lastIndexOf("#");
  return {
    id: Number(row.id),
    schedule: String(row.schedule),
    instant: Date.parse(String(row.scheduled_for)),
    latenessMs: Number(row.lateness_ms),
    replica: firedBy.slice(0, hash),
    term: Number(firedBy.slice(hash + 1)),
    created: Date.parse(String(row.created)),
  };
}

/** Starts `cairn scheduler` in `dir` and resolves once it printed its first line. */
export function startSchedulerProcess(
  dir: string,
  env: Readonly<Record<string, string>>,
): Promise<SchedulerProcess> {
  const child = spawnCairn(dir, ["scheduler"], env);
  let stderr = "";
  const changes: { at: number; active: boolean; term?: number }[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      reject(new Error(`cairn scheduler exited with ${String(code)} before starting:\n${stderr}`));
    });
    let name: string | undefined;
    let pending = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      const now = Date.now();
      stderr += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const change = /^cairn scheduler: (\S+) (active \(term (\d+)\)|standing by)$/.exec(line);
        if (change === null) continue;
        const term = change[3];
        if (name === undefined) {
          name = change[1] ?? "";
          resolve({
            name,
            child,
            stderr: () => stderr,
            changes,
            active: () => changes.at(-1)?.active === true,
            exited,
            async signal(signal) {
              if (child.exitCode !== null || child.signalCode !== null) return;
              child.kill(signal);
              if (signal === "SIGKILL" || signal === "SIGTERM") await exited;
            },
          });
        }
        changes.push({
          at: now,
          active: term !== undefined,
          ...(term === undefined ? {} : { term: Number(term) }),
        });
      }
    });
  });
}

/** The schedule's instants from `from` to `to` (epoch ms), `stepMs` apart. */
export function instantsBetween(from: number, to: number, stepMs: number): number[] {
  const instants: number[] = [];
  for (let instant = from; instant <= to; instant += stepMs) instants.push(instant);
  return instants;
}

/**
 * Checks the invariant of fencing on fires read in insert order (id): the lease term
 * never goes back, and each term belongs to one replica. A fire of an old term after
 * one of a newer term would mean a replica fired after losing the lease.
 */
export function fencingViolations(fires: readonly FireRow[]): string[] {
  const problems: string[] = [];
  const holders = new Map<number, string>();
  let term = 0;
  for (const fire of fires) {
    if (fire.term < term) {
      problems.push(
        `fire ${String(fire.id)} of term ${String(fire.term)} after term ${String(term)}`,
      );
    }
    term = Math.max(term, fire.term);
    const holder = holders.get(fire.term);
    if (holder !== undefined && holder !== fire.replica) {
      problems.push(`term ${String(fire.term)} fired by ${holder} and ${fire.replica}`);
    }
    holders.set(fire.term, fire.replica);
  }
  return problems;
}
