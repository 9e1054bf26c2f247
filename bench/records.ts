/**
 * Saves 100,000 observation rows through the model layer (RecordStore.saveMany) and
 * through a plain multi-row INSERT of the same rows on the same driver (the near-limit
 * baseline), re-saves the same rows (the update path: every key exists), then lists
 * them with a filter across two relations. Prints rows/s per backend and the
 * model-layer / baseline ratio of the insert path (target: at least 0.5).
 *
 *   npm run bench            # every reachable backend
 *   BENCH_ROWS=20000 npm run bench
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { openDatabase, type Database } from "../src/engines/storage/database.js";
import { createRecordStore } from "../src/engines/storage/records/index.js";
import { migrateDatabase } from "../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../src/spec/index.js";
import { benchDatabases } from "./bench-backends.js";
import { weatherObservations, type Observation } from "./weather-rows.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const STATIONS = 100;
const CHUNK = 1000;
const project = join(fileURLToPath(new URL(".", import.meta.url)), "..", "examples", "weather");

function timestamp(database: Database): string {
  const iso = new Date().toISOString();
  return database.dialect === "mysql" ? iso.replace("T", " ").replace("Z", "") : iso;
}

/** The baseline: the same rows as plain multi-row INSERTs in one transaction. */
async function plainInsert(database: Database, rows: readonly Observation[]): Promise<number> {
  const stations = await sql<{
    id: number | string;
    number: string;
  }>`select id, number from station`.execute(database.db);
  const ids = new Map(stations.rows.map((r) => [r.number, Number(r.id)]));
  const now = timestamp(database);
  const started = performance.now();
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto("observation")
        .values(
          rows.slice(i, i + CHUNK).map((r) => ({
            station_id: ids.get(r.station),
            date: r.date,
            temp: r.temp,
            temp_min: r.temp_min,
            temp_max: r.temp_max,
            precipitation: r.precipitation,
            wind_speed: r.wind_speed,
            conditions: r.conditions,
            attrs: JSON.stringify(r.attrs),
            created: now,
            updated: now,
          })),
        )
        .execute();
    }
  });
  return performance.now() - started;
}

function rate(rows: number, ms: number): string {
  return `${Math.round(rows / (ms / 1000)).toLocaleString("en-US")} rows/s`;
}

async function benchOne(backend: string, url: string): Promise<void> {
  const spec = await loadProjectSpec(project);
  const database = await openDatabase(url);
  try {
    await migrateDatabase(database, spec);
    const store = createRecordStore(database, spec);
    await store.saveMany("region", [
      { key: { key: "Alps" }, values: { country: "CH" } },
      { key: { key: "Jura" }, values: { country: "CH" } },
    ]);
    await store.saveMany(
      "station",
      Array.from({ length: STATIONS }, (_, s) => ({
        key: { key: String(10000 + s) },
        values: { name: `Station ${s}`, region: s % 2 === 0 ? "Alps" : "Jura" },
      })),
    );
    const rows = weatherObservations(ROWS, STATIONS);

    const baselineMs = await plainInsert(database, rows);
    await sql`delete from observation`.execute(database.db);

    const inputs = rows.map(({ station, date, ...values }) => ({
      key: { key: date, scope: { station } },
      values,
    }));
    const started = performance.now();
    await store.saveMany("observation", inputs);
    const modelMs = performance.now() - started;

    const changed = inputs.map(({ key, values }) => ({
      key,
      values: { ...values, temp: values.temp + 1 },
    }));
    const updateStarted = performance.now();
    await store.saveMany("observation", changed);
    const updateMs = performance.now() - updateStarted;
    const stored = await store.count("observation");

    const listStarted = performance.now();
    const listed = await store.list("observation", {
      filters: [
        { path: "station__region__name", value: "Alps" },
        { path: "temp__gt", value: "5" },
      ],
    });
    const listMs = performance.now() - listStarted;

    console.log(
      [
        `${backend.padEnd(8)} rows ${stored}`,
        `model save ${rate(rows.length, modelMs)}`,
        `plain INSERT ${rate(rows.length, baselineMs)}`,
        `ratio ${(baselineMs / modelMs).toFixed(2)}x`,
        `model re-save (update) ${rate(rows.length, updateMs)}`,
        `list (filter across 2 relations) ${listed.length} rows at ${rate(listed.length, listMs)}`,
      ].join(" | "),
    );
  } finally {
    await database.close();
  }
}

for (const bench of await benchDatabases()) {
  try {
    await benchOne(bench.backend, bench.url);
  } finally {
    await bench.drop();
  }
}
