import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../src/engines/storage/database.js";
import { createRecordStore } from "../src/engines/storage/records/index.js";
import { migrateDatabase } from "../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../src/spec/index.js";
import { weatherObservations } from "./weather-rows.js";

/** The example project the data API benchmark serves. */
export const WEATHER_PROJECT = join(
  fileURLToPath(new URL(".", import.meta.url)),
  "..",
  "examples",
  "weather",
);

export const REGIONS = ["Alps", "Jura", "Plateau"] as const;

/**
 * Migrates the database and loads `rows` observations over `stations` stations through
 * the record store (the path users take), with a tag on every 20th observation so
 * rows carry a to-many relation. Returns the number of observations stored.
 */
export async function loadWeather(url: string, rows: number, stations: number): Promise<number> {
  const spec = await loadProjectSpec(WEATHER_PROJECT);
  const database = await openDatabase(url);
  try {
    await migrateDatabase(database, spec);
    const store = createRecordStore(database, spec);
    await store.saveMany(
      "region",
      REGIONS.map((name) => ({ key: { key: name }, values: { country: "CH" } })),
    );
    await store.saveMany("tag", [
      { key: { key: "frost" }, values: { help: "below zero all day" } },
      { key: { key: "storm" }, values: { help: "wind above 20 m/s" } },
    ]);
    await store.saveMany(
      "station",
      Array.from({ length: stations }, (_, s) => ({
        key: { key: String(10000 + s) },
        values: {
          name: `Station ${s}`,
          region: REGIONS[s % REGIONS.length],
          elevation: 300 + ((s * 37) % 2500),
        },
      })),
    );
    const inputs = weatherObservations(rows, stations).map(({ station, date, ...values }, i) => ({
      key: { key: date, scope: { station } },
      // Every 20th day of a station carries a tag, as in the sample data.
      values: { ...values, tags: i % 20 === 0 ? [values.temp < 0 ? "frost" : "storm"] : [] },
    }));
    return await store.saveMany("observation", inputs);
  } finally {
    await database.close();
  }
}
