/**
 * Serves 100,000 observations over 200 stations through Cairn's HTTP data API and
 * measures it with autocannon: a 50-row page; a page filtered across a relation with a
 * two-column order and an exact count; a detail by id; a grouped aggregate; and rows/s
 * of a whole CSV export. The first two also run against hand-written SQL behind a bare
 * Fastify route on the same driver (bench/data-api-baseline.ts), and the Cairn/baseline
 * ratio is printed. One line per case per backend; figures only, no assertions. On
 * SQLite, Cairn reads as `cairn serve` does, on the data API's read pool (worker threads,
 * min(2, CAIRN_ISOLATES)) under the query time limit; the baseline's SQL runs on the
 * main thread. The machine's core count bounds what the pool can add.
 *
 *   npm run bench:data                              # SQLite, and PostgreSQL when reachable
 *   BENCH_SECONDS=2 BENCH_BACKENDS=sqlite npm run bench:data
 */
import autocannon from "autocannon";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { openDatabase } from "../src/engines/storage/database.js";
import { createApp } from "../src/faces/http/index.js";
import { cairnVersion } from "../src/faces/package-version.js";
import { loadSettings } from "../src/foundations/settings.js";
import { openRuntime } from "../src/runtime/index.js";
import { benchDatabases } from "./bench-backends.js";
import { createBaselineApp } from "./data-api-baseline.js";
import { loadWeather, WEATHER_PROJECT } from "./data-api-load.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const STATIONS = 200;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const EXPORTS = 3;

interface Case {
  readonly name: string;
  readonly cairn: string;
  readonly baseline?: string;
}

interface Measured {
  readonly perSecond: number;
  readonly p50: number;
  readonly failed: number;
}

/** BENCH_CASES=page,filtered limits the cases to those whose name starts with one of these. */
const wantedCases = process.env.BENCH_CASES?.split(",");

function cases(id: number): Case[] {
  return allCases(id).filter(
    (c) => wantedCases === undefined || wantedCases.some((w) => c.name.startsWith(w)),
  );
}

function allCases(id: number): Case[] {
  return [
    { name: "page of 50", cairn: "/data/observation?limit=50&count=none", baseline: "/page" },
    {
      name: "filtered page, 2-column order, count=exact",
      cairn: "/data/observation?station__region__name=Alps&order=-temp,date&count=exact&limit=50",
      baseline: "/filtered?region=Alps",
    },
    { name: "detail by id", cairn: `/data/observation/${id}` },
    {
      name: "grouped aggregate",
      cairn:
        "/data/observation/aggregate?group=station__region__name,conditions&agg=count:*,avg:temp,max:precipitation",
    },
  ];
}

/** Refuses to measure a route that does not answer 2xx, and says what it answered. */
async function probe(url: string): Promise<string | undefined> {
  const response = await fetch(url);
  const body = await response.text();
  return response.ok ? undefined : `status ${response.status}: ${body.slice(0, 80)}`;
}

async function measure(url: string): Promise<Measured> {
  // The load comes from a worker thread, so the client does not share the server's event loop.
  await autocannon({ url, connections: CONNECTIONS, duration: 1, workers: 1 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, workers: 1 });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function figure(measured: Measured): string {
  const failures = measured.failed > 0 ? ` (${measured.failed} failed)` : "";
  return `${Math.round(measured.perSecond).toLocaleString("en-US")} req/s p50 ${measured.p50} ms${failures}`;
}

/** Rows/s of whole CSV downloads (median of EXPORTS), timed from request to last byte. */
async function exportRate(url: string): Promise<string> {
  const rates: number[] = [];
  let rows = 0;
  for (let i = 0; i < EXPORTS; i++) {
    const started = performance.now();
    const response = await fetch(url);
    if (!response.ok || response.body === null) return `status ${response.status}`;
    let lines = 0;
    for await (const chunk of response.body) {
      for (const byte of chunk) if (byte === 10) lines++;
    }
    rows = lines - 1;
    rates.push(rows / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  return `${rows.toLocaleString("en-US")} rows at ${Math.round(median).toLocaleString("en-US")} rows/s`;
}

/** Notes where the baseline's JSON differs in shape from Cairn's, so the ratio is read fairly. */
async function compareShapes(cairnUrl: string, baselineUrl: string): Promise<string> {
  const shape = async (url: string) => {
    const body = (await (await fetch(url)).json()) as { results?: Record<string, unknown>[] };
    const first = body.results?.[0] ?? {};
    return `${body.results?.length ?? "?"} rows {${Object.keys(first).sort().join(",")}}`;
  };
  const [cairn, baseline] = await Promise.all([shape(cairnUrl), shape(baselineUrl)]);
  return cairn === baseline ? "" : `shapes differ: cairn ${cairn}, baseline ${baseline}`;
}

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: "127.0.0.1", port: 0 });
}

async function benchOne(backend: string, url: string): Promise<void> {
  const loadStarted = performance.now();
  const stored = await loadWeather(url, ROWS, STATIONS);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  console.log(
    `${backend.padEnd(8)} | loaded ${stored.toLocaleString("en-US")} observations over ${STATIONS} stations in ${loadSeconds.toFixed(1)} s`,
  );
  const settings = loadSettings({
    env: { CAIRN_DATABASE_URL: url, CAIRN_ADMIN_TOKEN: "bench-admin-token" },
    cwd: WEATHER_PROJECT,
  });
  const runtime = await openRuntime(settings);
  const database = await openDatabase(url);
  const cairn = await createApp({ runtime, cairnVersion: cairnVersion(), logLevel: false });
  const baseline = await createBaselineApp(database);
  try {
    const cairnUrl = await listen(cairn);
    const baselineUrl = await listen(baseline);
    const middle = await sql<{ id: number | string }>`select id from observation
      order by id limit 1 offset ${Math.floor(stored / 2)}`.execute(database.db);
    for (const { name, cairn: path, baseline: basePath } of cases(Number(middle.rows[0]?.id))) {
      const label = `${backend.padEnd(8)} | ${name.padEnd(42)}`;
      const problem = await probe(cairnUrl + path);
      const ours = problem === undefined ? await measure(cairnUrl + path) : undefined;
      const parts = [
        label,
        ours === undefined
          ? `cairn not measured: ${path} answered ${problem ?? ""}`
          : `cairn ${figure(ours)}`,
      ];
      if (basePath !== undefined) {
        const theirs = await measure(baselineUrl + basePath);
        parts.push(`baseline ${figure(theirs)}`);
        if (ours !== undefined) {
          parts.push(`ratio ${(ours.perSecond / theirs.perSecond).toFixed(2)}`);
          const note = await compareShapes(cairnUrl + path, baselineUrl + basePath);
          if (note !== "") parts.push(note);
        }
      }
      console.log(parts.join(" | "));
    }
    const csv = "/data/observation.csv";
    if (wantedCases === undefined || wantedCases.some((w) => "CSV export".startsWith(w))) {
      console.log(
        `${backend.padEnd(8)} | ${"CSV export (whole download)".padEnd(42)} | cairn ${await exportRate(cairnUrl + csv)}`,
      );
    }
  } finally {
    await cairn.close();
    await baseline.close();
    await runtime.close();
    await database.close();
  }
}

for (const bench of await benchDatabases("sqlite,postgres")) {
  try {
    await benchOne(bench.backend, bench.url);
  } finally {
    await bench.drop();
  }
}
