import type { RecordStore } from "../../../src/engines/storage/records/index.js";

export const STATIONS = 10;
export const PER_STATION = 30;
export const OBSERVATIONS = STATIONS * PER_STATION;

export function stationNumber(i: number): string {
  return `0${String(3000 + i)}`;
}

/**
 * 3 regions, 4 tags, 10 stations (the last two without a region), 300 observations:
 * some without a temperature, most with tags, decimal rain on every third.
 */
export async function seedStations(store: RecordStore): Promise<void> {
  await store.saveMany(
    "region",
    ["North", "South", "West"].map((name) => ({ key: { key: name }, values: {} })),
  );
  await store.saveMany(
    "tag",
    ["rain", "sun", "wind", "fog"].map((name) => ({ key: { key: name }, values: {} })),
  );
  const regions = ["North", "South", "West"];
  await store.saveMany(
    "station",
    Array.from({ length: STATIONS }, (_, i) => ({
      key: { key: stationNumber(i) },
      values: {
        name: `Station ${String(i)}`,
        elevation: i * 100,
        region: i < 8 ? (regions[i % 3] ?? null) : null,
      },
    })),
  );
  const tags = ["rain", "sun", "wind", "fog"];
  const rows = [];
  for (let s = 0; s < STATIONS; s += 1) {
    for (let d = 0; d < PER_STATION; d += 1) {
      const n = s * PER_STATION + d;
      const day = new Date(Date.UTC(2024, 0, 1 + d * 7 + (s % 3)));
      rows.push({
        key: { key: day.toISOString().slice(0, 10), scope: { station: stationNumber(s) } },
        values: {
          temp: n % 7 === 0 ? null : ((n * 37) % 40) - 10,
          rain: n % 3 === 0 ? `${String(n % 10)}.25` : null,
          tags: n % 5 === 0 ? [] : [tags[n % 4] ?? "rain", ...(n % 2 === 0 ? ["sun"] : [])],
          note: `obs ${String(n)}`,
        },
      });
    }
  }
  await store.saveMany("observation", rows);
}
