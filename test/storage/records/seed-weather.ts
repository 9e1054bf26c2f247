import type { RecordStore } from "../../../src/engines/storage/records/index.js";

/** A small, fixed data set the filter, order and relation tests read. */
export async function seedWeather(store: RecordStore): Promise<void> {
  await store.saveMany("region", [
    { key: { key: "North" }, values: {} },
    { key: { key: "South" }, values: {} },
  ]);
  await store.saveMany("tag", [
    { key: { key: "rain" }, values: { color: "blue" } },
    { key: { key: "sun" }, values: {} },
    { key: { key: "wind" }, values: { color: "green" } },
  ]);
  await store.saveMany("station", [
    { key: { key: "03005" }, values: { name: "Berlin", elevation: 34, region: "North" } },
    { key: { key: "03006" }, values: { name: "Munich", elevation: 520, region: "South" } },
    { key: { key: "03007" }, values: { name: "100%_sure" } },
  ]);
  const at = (station: string, date: string) => ({ key: date, scope: { station } });
  await store.saveMany("observation", [
    {
      key: at("03005", "2024-01-01"),
      values: {
        temp: 5,
        tags: ["rain", "sun"],
        attrs: { kind: "auto", n: 1 },
        note: "Cold Day",
        taken: "2024-01-01T06:30:00Z",
        time: "06:30",
        rain: "1.25",
      },
    },
    {
      key: at("03005", "2024-06-15"),
      values: {
        temp: 25,
        tags: ["sun"],
        attrs: { kind: "manual", list: [1, 2] },
        note: "warm",
        taken: "2024-06-15T13:45:00+02:00",
        time: "13:45",
      },
    },
    { key: at("03005", "1930-03-03"), values: {} },
    { key: at("03006", "2024-01-01"), values: { temp: -2, tags: "rain", note: "cold_day" } },
  ]);
}
