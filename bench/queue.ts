/**
 * The distributed shape's queue against raw BullMQ on the same Redis: no-op executions
 * per second through 1 and 2 `cairn worker` processes (execution records included:
 * each run is claimed, recorded and finished in PostgreSQL; measured on warm workers
 * draining a backlog enqueued while their queue was paused), the enqueue rate (a
 * `queued` row plus a BullMQ job), pickup latency (enqueue to `running`), and the
 * baseline: no-op BullMQ jobs through a raw Queue + Worker with the same concurrency,
 * also in separate processes. Between the two, the records floor: the same raw jobs,
 * each of which also claims and ends a row in PostgreSQL (two plain UPDATEs, grouped
 * across the jobs running at once as Cairn groups its own), and nothing else: what any
 * worker that keeps an execution record can reach here. Last, recovery after SIGKILL of
 * a worker running executions (bounded by the lease: CAIRN_LEASE_SECONDS=2 there; the
 * throughput runs keep the default lease, as a deployment would).
 * Under each line, the CPU each part spent per job during the drain (the workers, all
 * of the machine's PostgreSQL processes, the bench's redis-server; Linux only): on a
 * machine whose cores they share, this says where a rate is spent.
 * Prints figures and ratios; no assertions (target: at least 0.5x raw throughput).
 *
 * Runs its own redis-server on a free port (as the tests do) and a fresh database on
 * BENCH_POSTGRES_URL (default: the test PostgreSQL). Workers get BENCH_ISOLATES handler
 * threads (default: the concurrency). "transport alone" isolates the queue's own cost.
 *
 *   npm run bench:queue
 *   BENCH_JOBS=5000 BENCH_CONCURRENCY=16 npm run bench:queue
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Queue, Worker } from "bullmq";
import pg from "pg";
import { bullmqQueueName, createBullmqTransport } from "../src/engines/executors/queue/index.js";
import { openDatabase } from "../src/engines/storage/database.js";
import {
  benchProject,
  POSTGRES,
  sleep,
  spawnChild,
  startRedis,
  stop,
  waitFor,
} from "./bench-processes.js";
import { createRecordStore } from "../src/engines/storage/records/index.js";
import type { RecordStore } from "../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../src/engines/storage/schema/index.js";
import { CpuMeter, perJob, processesNamed } from "./process-cpu.js";
import { loadSettings } from "../src/foundations/settings.js";
import { WriteCoalescer } from "../src/runtime/execution/write-coalescer.js";
import { openRuntime } from "../src/runtime/index.js";
import { loadProjectSpec } from "../src/spec/index.js";

const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LATENCY_SAMPLES = 20;
const WARMUP_PER_PROCESS = 100;

const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const self = fileURLToPath(import.meta.url);
const entry = fileURLToPath(new URL("../src/faces/cli/entry.ts", import.meta.url));

const FILES: Record<string, string> = {
  "cairn.yml": "name: queuebench\nversion: 0.1.0\n",
  "spec/commands.yml": `commands:
  noop:
    handler: handlers/noop.mjs#noop
  nap:
    handler: handlers/noop.mjs#nap
    retries: 2
    parameters:
      ms: {type: integer, required: true}
`,
  "handlers/noop.mjs": `export function noop() {}
export async function nap(_ctx, { ms }) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
`,
};

const rate = (count: number, ms: number) => Math.round((count * 1000) / ms);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Child mode: a raw BullMQ worker with no-op jobs, printing `ready`. */
async function rawWorker(url: string, concurrency: number): Promise<void> {
  const worker = new Worker("raw", () => Promise.resolve(), {
    connection: { url, maxRetriesPerRequest: null },
    concurrency,
    removeOnComplete: { count: 0 },
  });
  await worker.waitUntilReady();
  process.stdout.write("ready\n");
  process.on("SIGTERM", () => {
    void worker.close().then(() => process.exit(0));
  });
}

/**
 * Child mode: raw BullMQ jobs that each claim and end row `data.row` of `table`, one
 * UPDATE each, grouped across the jobs running at once (Cairn's WriteCoalescer).
 */
async function recordsWorker(url: string, concurrency: number, table: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: POSTGRES, max: concurrency });
  const grouped = (set: string, from: string) =>
    new WriteCoalescer<number, undefined>(
      async (rows) => {
        await pool.query(`UPDATE ${table} SET ${set} WHERE id = ANY($1) AND status = '${from}'`, [
          rows,
        ]);
        return rows.map(() => undefined);
      },
      async (row) => {
        await pool.query(`UPDATE ${table} SET ${set} WHERE id = $1 AND status = '${from}'`, [row]);
        return undefined;
      },
    );
  const claim = grouped("status = 'running', started = now(), heartbeat = now()", "queued");
  const end = grouped("status = 'success', finished = now()", "running");
  const worker = new Worker(
    "floor",
    async (job: { data: { row: number } }) => {
      await claim.run(job.data.row);
      await end.run(job.data.row);
    },
    {
      connection: { url, maxRetriesPerRequest: null },
      concurrency,
      removeOnComplete: { count: 0 },
    },
  );
  await worker.waitUntilReady();
  await pool.query("SELECT 1");
  process.stdout.write("ready\n");
  process.on("SIGTERM", () => {
    void worker.close().then(async () => {
      await pool.end();
      process.exit(0);
    });
  });
}

/** A drain's rate, and the CPU its parts spent per job (see process-cpu.ts). */
interface Drained {
  readonly rate: number;
  readonly cpu: string;
}

/** Meters the workers, the machine's PostgreSQL and the bench's redis-server. */
function meter(workers: readonly ChildProcess[]): CpuMeter {
  return new CpuMeter({
    workers: () => workers.map((child) => child.pid ?? 0),
    postgres: () => processesNamed("postgres"),
    redis: () => [redisPid],
  });
}

/** `count` no-op jobs on BullMQ queue `name` (row numbers 1..count), then their workers. */
async function drainJobs(
  url: string,
  name: string,
  processes: number,
  worker: readonly string[],
): Promise<Drained> {
  const queue = new Queue(name, { connection: { url } });
  await queue.obliterate({ force: true });
  const jobs = Array.from({ length: JOBS }, (_, i) => ({
    name: "noop",
    data: { row: i + 1 },
    opts: { jobId: `${name}-${String(i)}`, removeOnComplete: true },
  }));
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  // Paused until every worker is ready: one that starts first must not drain the queue
  // before the clock starts.
  await queue.pause();
  const children = Array.from({ length: processes }, () =>
    spawnChild(process.execPath, ["--import", tsx, self, ...worker]),
  );
  await Promise.all(children.map((child) => waitFor(child, /ready/, "stdout")));
  const cpu = meter(children);
  cpu.start();
  const start = Date.now();
  await queue.resume();
  for (;;) {
    const counts = await queue.getJobCounts("wait", "active", "prioritized");
    if ((counts.wait ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0) break;
    await sleep(20);
  }
  const elapsed = Date.now() - start;
  const used = cpu.stop();
  await stop(children);
  await queue.close();
  return { rate: rate(JOBS, elapsed), cpu: perJob(used, JOBS) };
}

const rawBaseline = (url: string, processes: number) =>
  drainJobs(url, "raw", processes, ["--raw-worker", url, String(CONCURRENCY)]);

/** The records floor (see the top of this file) with `processes` workers. */
async function recordsFloor(url: string, processes: number): Promise<Drained> {
  const table = `queue_floor_${randomBytes(4).toString("hex")}`;
  const pool = new pg.Pool({ connectionString: POSTGRES, max: 1 });
  await pool.query(
    `CREATE TABLE ${table} (id bigint PRIMARY KEY, status text NOT NULL, started timestamptz, heartbeat timestamptz, finished timestamptz)`,
  );
  try {
    await pool.query(
      `INSERT INTO ${table} (id, status) SELECT n, 'queued' FROM generate_series(1, $1::int) AS n`,
      [JOBS],
    );
    const worker = ["--records-worker", url, String(CONCURRENCY), table];
    return await drainJobs(url, "floor", processes, worker);
  } finally {
    await pool.query(`DROP TABLE ${table}`);
    await pool.end();
  }
}

/** The transport alone, in this process, no database: what the queue itself costs. */
async function transportOnly(url: string): Promise<{ enqueueRate: number; throughput: number }> {
  const transport = createBullmqTransport({
    url,
    prefix: `bench-${randomBytes(4).toString("hex")}`,
  });
  let start = Date.now();
  for (let i = 0; i < JOBS; i++) {
    await transport.enqueue({ execution: `t${String(i)}`, queue: "default", priority: 0 });
  }
  const enqueueRate = rate(JOBS, Date.now() - start);
  let done = 0;
  start = Date.now();
  const consumer = transport.consume({ queues: ["default"], concurrency: CONCURRENCY }, () => {
    done += 1;
    return Promise.resolve();
  });
  while (done < JOBS) await sleep(10);
  const throughput = rate(JOBS, Date.now() - start);
  await consumer.close(1000);
  await transport.close();
  return { enqueueRate, throughput };
}

interface Deployment {
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly store: RecordStore;
  enqueue(count: number, command?: string, parameters?: Record<string, unknown>): Promise<string[]>;
  count(status: string): Promise<number>;
  /** Starts `count` workers, each ready once its handler threads are; answers them and their names. */
  workers(count: number): Promise<{ child: ChildProcess; name: string }[]>;
  close(): Promise<void>;
}

/** `settings`: environment the workers get besides the database and Redis (the lease). */
async function deploy(
  redisUrl: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<Deployment> {
  const project = await benchProject("queue", FILES);
  const { dir, url } = project;
  const env = {
    CAIRN_DATABASE_URL: url,
    CAIRN_REDIS_URL: redisUrl,
    ...settings,
    CAIRN_LOG_LEVEL: "warn",
    CAIRN_ISOLATES: process.env.BENCH_ISOLATES ?? String(CONCURRENCY),
    NO_COLOR: "1",
  };
  const spec = await loadProjectSpec(dir);
  const database = await openDatabase(url);
  await migrateDatabase(database, spec);
  const store = createRecordStore(database, spec);
  const transport = createBullmqTransport({ url: redisUrl });
  const runtime = await openRuntime(loadSettings({ env, cwd: dir }), { spec, transport });
  const children: ChildProcess[] = [];
  return {
    dir,
    env,
    store,
    async enqueue(count, command = "noop", parameters = {}) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const started = await runtime.start({ command, parameters, origin: "api", queue: true });
        ids.push(started.id);
      }
      return ids;
    },
    count: (status) => store.count("execution", { filters: [{ path: "status", value: status }] }),
    async workers(count) {
      const started = Array.from({ length: count }, () =>
        spawnChild(
          process.execPath,
          ["--import", tsx, entry, "worker", "--concurrency", String(CONCURRENCY)],
          { cwd: dir, env: { ...process.env, ...env } },
        ),
      );
      children.push(...started);
      // Ready once its handler threads are: timed runs measure running, not starting.
      return Promise.all(
        started.map(async (child) => {
          const [named] = await Promise.all([
            waitFor(child, /cairn worker: (\S+) on queues/, "stderr"),
            waitFor(child, /handler isolates ready/, "stderr"),
          ]);
          return { child, name: named[1] ?? "" };
        }),
      );
    },
    async close() {
      await stop(children, "SIGKILL");
      await runtime.close();
      await transport.close();
      await database.close();
      await project.remove();
    },
  };
}

/** Polls `check` every `pollMs` (each poll is a query) until it holds. */
async function until(check: () => Promise<boolean>, pollMs = 20): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(pollMs);
  }
}

async function cairnThroughput(redisUrl: string, processes: number) {
  const deployment = await deploy(redisUrl);
  // The workers' BullMQ queue, paused while the backlog is enqueued.
  const queue = new Queue(bullmqQueueName("default"), { connection: { url: redisUrl } });
  try {
    const workers = await deployment.workers(processes);
    // Warm-up: handler threads start on first use, as raw workers are ready before timing.
    const warmup = WARMUP_PER_PROCESS * processes;
    await deployment.enqueue(warmup);
    await until(async () => (await deployment.count("success")) === warmup);
    await queue.pause();
    const enqueueStart = Date.now();
    await deployment.enqueue(JOBS);
    const enqueueRate = rate(JOBS, Date.now() - enqueueStart);
    const cpu = meter(workers.map((worker) => worker.child));
    cpu.start();
    const start = Date.now();
    await queue.resume();
    // Polled on Redis, as the raw drains are: a job ends once its execution's end is
    // stored, and polling the database would load the database being measured.
    await until(async () => {
      const counts = await queue.getJobCounts("wait", "active", "prioritized", "delayed");
      return Object.values(counts).every((count) => count === 0);
    });
    const throughput = rate(JOBS, Date.now() - start);
    const used = cpu.stop();
    const ended = await deployment.count("success");
    if (ended !== warmup + JOBS) throw new Error(`${String(ended)} executions ended, not all`);
    // Pickup latency: one at a time on idle workers, enqueue to `running`.
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const at = Date.now();
      const [id] = await deployment.enqueue(1);
      // Polled every millisecond: a coarser poll would be most of the figure.
      await until(async () => {
        const row = await deployment.store.get("execution", { key: id ?? "" });
        return row.status !== "queued";
      }, 1);
      latencies.push(Date.now() - at);
    }
    return { enqueueRate, throughput, cpu: perJob(used, JOBS), pickupMs: median(latencies) };
  } finally {
    await queue.close();
    await deployment.close();
  }
}

/**
 * Two workers share `CONCURRENCY` executions of 1 s; the one running more of them is
 * killed (SIGKILL). Answers how many it ran, when every one of those was taken over (its
 * attempt 2 queued), which the lease bounds, and when all were done (taken over, plus
 * the retry backoff and the run again on the survivor).
 */
async function recovery(
  redisUrl: string,
): Promise<{ killed: number; requeuedMs: number; doneMs: number }> {
  const deployment = await deploy(redisUrl, { CAIRN_LEASE_SECONDS: "2" });
  try {
    // Both up before the executions are queued: the figure is recovery, not start-up.
    const workers = await deployment.workers(2);
    await deployment.enqueue(CONCURRENCY, "nap", { ms: 1000 });
    await until(async () => (await deployment.count("running")) === CONCURRENCY);
    const on = async (name: string) =>
      deployment.store.count("execution", {
        filters: [
          { path: "worker", value: name },
          { path: "status", value: "running" },
        ],
      });
    const runs = await Promise.all(workers.map((worker) => on(worker.name)));
    const victim = (runs[0] ?? 0) >= (runs[1] ?? 0) ? workers[0] : workers[1];
    const killed = Math.max(...runs);
    await stop(victim === undefined ? [] : [victim.child], "SIGKILL");
    const killedAt = Date.now();
    const retried = () =>
      deployment.store.count("execution", { filters: [{ path: "attempt", value: 2 }] });
    await until(async () => (await retried()) === killed);
    const requeuedMs = Date.now() - killedAt;
    await until(async () => (await deployment.count("success")) === CONCURRENCY);
    return { killed, requeuedMs, doneMs: Date.now() - killedAt };
  } finally {
    await deployment.close();
  }
}

/** The bench's own redis-server, metered with the workers. */
let redisPid = 0;

async function bench(): Promise<void> {
  const redis = await startRedis();
  const url = redis.url;
  // Each deployment gets a Redis database of its own: their databases all number
  // executions from 1, so on a shared one a job a killed worker left active would stand
  // for an execution of the next deployment.
  let deployments = 0;
  const fresh = () => `${url}/${String((deployments += 1))}`;
  redisPid = redis.pid;
  try {
    console.log(
      `queue bench: ${String(JOBS)} no-op jobs, concurrency ${String(CONCURRENCY)} per process`,
    );
    const alone = await transportOnly(url);
    console.log(
      `transport alone (1 process, no database): ${String(alone.throughput)} jobs/s consumed, ${String(alone.enqueueRate)} enqueues/s`,
    );
    for (const processes of [1, 2]) {
      const { rate: raw, cpu: rawCpu } = await rawBaseline(url, processes);
      const { rate: floor, cpu: floorCpu } = await recordsFloor(url, processes);
      const cairn = await cairnThroughput(fresh(), processes);
      if (processes === 1) {
        console.log(`transport alone vs raw: ${(alone.throughput / raw).toFixed(2)}x`);
      }
      console.log(
        `${String(processes)} process(es): raw BullMQ ${String(raw)} jobs/s; records floor ${String(floor)} jobs/s (${(floor / raw).toFixed(2)}x raw); cairn worker ${String(cairn.throughput)} executions/s (${(cairn.throughput / raw).toFixed(2)}x raw, ${(cairn.throughput / floor).toFixed(2)}x the floor); enqueue ${String(cairn.enqueueRate)}/s; pickup latency median ${String(cairn.pickupMs)} ms`,
      );
      console.log(
        `  CPU per job: raw ${rawCpu}; records floor ${floorCpu}; cairn worker ${cairn.cpu}`,
      );
    }
    const recovered = await recovery(fresh());
    console.log(
      `recovery after SIGKILL of a worker running ${String(recovered.killed)} executions of 1 s (lease 2 s, reaper every 1 s, retry backoff 0.5-1.5 s): all taken over ${String(recovered.requeuedMs)} ms after the kill, all done ${String(recovered.doneMs)} ms after it`,
    );
  } finally {
    await redis.stop();
  }
}

if (process.argv[2] === "--raw-worker") {
  await rawWorker(process.argv[3] ?? "", Number(process.argv[4] ?? "1"));
} else if (process.argv[2] === "--records-worker") {
  await recordsWorker(process.argv[3] ?? "", Number(process.argv[4] ?? "1"), process.argv[5] ?? "");
} else {
  await bench();
  process.exit(0);
}
