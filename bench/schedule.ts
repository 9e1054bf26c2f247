/**
 * Fire lateness of the distributed scheduler: BENCH_SCHEDULES schedules firing every
 * second (all on the same whole second, the worst case: each second's fires go out in
 * one burst), with one and then three `cairn scheduler` replicas on PostgreSQL and a
 * Redis of the bench's own (the lease and the queue): BENCH_SECONDS with no worker
 * running, then BENCH_SECONDS with two `cairn worker` processes running the no-op fires
 * (warmed up first). Prints p50/p99/max of
 *
 * - lateness: `execution.lateness_ms`, the scheduler's clock when it wrote the fire
 *   minus the scheduled instant;
 * - start delay: `started - scheduled_for`, once a worker ran the fire (scheduler,
 *   BullMQ and the worker's claim together).
 *
 * No assertions (target: p99 lateness under 1 s). Then a takeover: SIGKILL of the active
 * replica among three, and how long until another fires.
 *
 *   npm run bench:schedule
 *   BENCH_SCHEDULES=100 BENCH_SECONDS=20 npm run bench:schedule
 */
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openDatabase } from "../src/engines/storage/database.js";
import { benchProject, sleep, spawnChild, startRedis, stop, waitFor } from "./bench-processes.js";
import { createRecordStore } from "../src/engines/storage/records/index.js";
import type { RecordStore } from "../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../src/spec/index.js";

const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const entry = fileURLToPath(new URL("../src/faces/cli/entry.ts", import.meta.url));

const FILES: Record<string, string> = {
  "cairn.yml": "name: schedulebench\nversion: 0.1.0\n",
  "spec/commands.yml": `commands:
  noop:
    handler: handlers/noop.mjs#noop
`,
  "handlers/noop.mjs": "export function noop() {}\n",
};

function percentiles(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return `p50 ${String(at(0.5))} ms, p99 ${String(at(0.99))} ms, max ${String(sorted.at(-1) ?? 0)} ms`;
}

interface Deployment {
  readonly store: RecordStore;
  cairn(args: readonly string[]): ChildProcess;
  close(): Promise<void>;
}

async function deploy(redisUrl: string): Promise<Deployment> {
  const project = await benchProject("schedule", FILES);
  const { dir, url } = project;
  const env = {
    CAIRN_DATABASE_URL: url,
    CAIRN_REDIS_URL: redisUrl,
    CAIRN_LOG_LEVEL: "warn",
    CAIRN_ISOLATES: "4",
    CAIRN_SCHEDULER_LEASE_SECONDS: "3",
    NO_COLOR: "1",
  };
  const spec = await loadProjectSpec(dir);
  const database = await openDatabase(url);
  await migrateDatabase(database, spec);
  const store = createRecordStore(database, spec);
  const children: ChildProcess[] = [];
  return {
    store,
    cairn(args) {
      const child = spawnChild(process.execPath, ["--import", tsx, entry, ...args], {
        cwd: dir,
        env: { ...process.env, ...env },
      });
      children.push(child);
      return child;
    },
    async close() {
      await stop(children, "SIGKILL");
      await database.close();
      await project.remove();
    },
  };
}

async function saveSchedules(store: RecordStore): Promise<void> {
  const now = new Date().toISOString();
  for (let i = 0; i < SCHEDULES; i++) {
    await store.save(
      "schedule",
      { key: `s${String(i)}` },
      {
        command: "noop",
        parameters: {},
        user: "admin",
        expression: "every 1s",
        timezone: "UTC",
        anchor: "2020-01-01T00:00:00.000Z",
        checked_until: now,
        overlap: "allow",
      },
    );
  }
}

/** The fires of schedules at or after `from` (ISO), as the figures need them. */
function firesFrom(store: RecordStore, from: string) {
  return store.list("execution", {
    filters: [
      { path: "origin", value: "schedule" },
      { path: "scheduled_for__gte", value: from },
    ],
    fields: ["scheduled_for", "lateness_ms", "started", "status", "fired_by"],
  });
}

/** The next whole second at least `ms` from now, as ISO. */
const secondAfter = (ms: number) =>
  new Date(Math.ceil((Date.now() + ms) / 1000) * 1000).toISOString();

/**
 * One run with `replicas` schedulers: SECONDS of fires with no worker running (the
 * scheduler's own lateness), then two workers, warmed up on the backlog, and SECONDS
 * more of fires that they run.
 */
async function lateness(redisUrl: string, replicas: number): Promise<void> {
  const deployment = await deploy(redisUrl);
  const { store } = deployment;
  try {
    const schedulers = Array.from({ length: replicas }, () => deployment.cairn(["scheduler"]));
    const active = Promise.any(schedulers.map((child) => waitFor(child, /active \(term \d+\)/)));
    await saveSchedules(store);
    await active;
    // The first look after start-up collapses what was missed meanwhile: leave it out.
    const alone = secondAfter(1000);
    await sleep(SECONDS * 1000 + 1000);
    const aloneRows = (await firesFrom(store, alone)).filter(
      (row) => String(row.scheduled_for) < secondAfter(-1000),
    );

    const workers = [0, 1].map(() => deployment.cairn(["worker", "--concurrency", "16"]));
    await Promise.all(workers.map((worker) => waitFor(worker, /cairn worker: \S+ on queues/)));
    // Let the workers start their handler threads and run the backlog first.
    const settled = async () => {
      const waiting = await store.count("execution", {
        filters: [{ path: "status__in", value: "queued,running" }],
      });
      return waiting <= SCHEDULES;
    };
    for (const deadline = Date.now() + 120_000; !(await settled()) && Date.now() < deadline;) {
      await sleep(200);
    }
    const withWorkers = secondAfter(1000);
    await sleep(SECONDS * 1000 + 1000);
    await stop(schedulers, "SIGTERM");
    let rows = await firesFrom(store, withWorkers);
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      if (rows.every((row) => row.status === "success")) break;
      await sleep(200);
      rows = await firesFrom(store, withWorkers);
    }
    const firedBy = new Set(rows.map((row) => String(row.fired_by).split("#")[0]));
    const late = (list: typeof rows) => list.map((row) => Number(row.lateness_ms));
    const startDelay = rows
      .filter((row) => typeof row.started === "string")
      .map((row) => Date.parse(String(row.started)) - Date.parse(String(row.scheduled_for)));
    console.log(`${String(replicas)} replica(s), fires by ${String(firedBy.size)} of them:`);
    console.log(
      `  no worker running, ${String(aloneRows.length)} fires: lateness ${percentiles(late(aloneRows))}`,
    );
    console.log(
      `  2 workers running them, ${String(rows.length)} fires: lateness ${percentiles(late(rows))}`,
    );
    console.log(
      `    start delay (started - scheduled_for, ${String(startDelay.length)} runs): ${percentiles(startDelay)}`,
    );
  } finally {
    await deployment.close();
  }
}

/** SIGKILL of the active replica among three: ms until another replica's first fire. */
async function takeover(redisUrl: string): Promise<void> {
  const deployment = await deploy(redisUrl);
  try {
    await deployment.store.save(
      "schedule",
      { key: "tick" },
      {
        command: "noop",
        expression: "every 1s",
        timezone: "UTC",
        anchor: "2020-01-01T00:00:00.000Z",
        checked_until: new Date().toISOString(),
        overlap: "allow",
      },
    );
    const schedulers = [0, 1, 2].map(() => deployment.cairn(["scheduler"]));
    // Both listeners from the start: the `active` line may follow the first one at once.
    const standing = schedulers.map((child) => waitFor(child, /scheduler: (\S+) standing by/));
    const activeAt = schedulers.map(async (child, i) => {
      await waitFor(child, /active \(term \d+\)/);
      return i;
    });
    const names = (await Promise.all(standing)).map((match) => match[1]);
    const active = await Promise.any(activeAt);
    await sleep(2000);
    const killedAt = new Date();
    await stop([schedulers[active] as ChildProcess], "SIGKILL");
    const victim = names[active] ?? "";
    for (;;) {
      const rows = await deployment.store.list("execution", {
        filters: [{ path: "created__gt", value: killedAt.toISOString() }],
        fields: ["fired_by", "created"],
        order: ["id"],
      });
      const first = rows.find((row) => !String(row.fired_by).startsWith(`${victim}#`));
      if (first !== undefined) {
        const ms = Date.parse(String(first.created)) - killedAt.getTime();
        console.log(
          `takeover: SIGKILL of the active replica among 3 (lease 3 s): next fire by another replica ${String(ms)} ms later`,
        );
        return;
      }
      await sleep(50);
    }
  } finally {
    await deployment.close();
  }
}

async function bench(): Promise<void> {
  const redis = await startRedis();
  const url = redis.url;
  try {
    console.log(
      `schedule bench: ${String(SCHEDULES)} schedules every 1 s (one burst a second), PostgreSQL + Redis, 2 workers`,
    );
    for (const replicas of [1, 3]) await lateness(url, replicas);
    await takeover(url);
  } finally {
    await redis.stop();
  }
}

await bench();
