import type { CommandContext } from "cairn/context";

interface SampleParameters {
  readonly stations: number;
  readonly days: number;
  readonly start: string;
}

const REGIONS = [
  { name: "Alps", country: "CH", elevation: 1800, temp: 2 },
  { name: "Jura", country: "CH", elevation: 900, temp: 7 },
  { name: "Plateau", country: "CH", elevation: 450, temp: 10 },
  { name: "Ticino", country: "CH", elevation: 300, temp: 13 },
] as const;

const TAGS = [
  { name: "heatwave", help: "Maximum above 30 °C" },
  { name: "frost", help: "Minimum below 0 °C" },
  { name: "heavy-rain", help: "More than 20 mm of precipitation" },
  { name: "storm", help: "Wind above 15 m/s" },
] as const;

const BATCH = 1000;

/** A small seeded generator, so every run loads the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Loads regions, stations, tags and daily observations; safe to run again (upserts). */
export async function sample(ctx: CommandContext, params: SampleParameters): Promise<unknown> {
  const next = random(42);
  await ctx
    .model("region")
    .saveMany(REGIONS.map((r) => ({ key: r.name, values: { country: r.country } })));
  await ctx.model("tag").saveMany(TAGS.map((t) => ({ key: t.name, values: { help: t.help } })));

  const stations = Array.from({ length: params.stations }, (_, i) => {
    const region = REGIONS[i % REGIONS.length] ?? REGIONS[0];
    return {
      number: String(3000 + i * 5).padStart(5, "0"),
      region,
      values: {
        name: `${region.name} ${Math.floor(i / REGIONS.length) + 1}`,
        region: region.name,
        elevation: Math.round(region.elevation + (next() - 0.5) * 400),
        latitude: round(45.8 + next() * 1.9),
        longitude: round(6 + next() * 4.4),
        opened: addDays("1950-01-01", Math.floor(next() * 20000)),
      },
    };
  });
  await ctx.model("station").saveMany(stations.map((s) => ({ key: s.number, values: s.values })));
  ctx.info(`${stations.length} stations in ${REGIONS.length} regions`);

  const total = stations.length * params.days;
  let done = 0;
  let batch: {
    key: { key: string; scope: { station: string } };
    values: Record<string, unknown>;
  }[] = [];
  for (const station of stations) {
    for (let day = 0; day < params.days; day++) {
      if (ctx.signal.aborted) throw new Error("aborted while loading observations");
      const date = addDays(params.start, day);
      const season = Math.cos(((day % 365) / 365) * 2 * Math.PI);
      const temp = round(station.region.temp - season * 9 + (next() - 0.5) * 8);
      const precipitation = next() < 0.6 ? 0 : round(next() * 30);
      const windSpeed = round(next() * 18);
      const tags = [
        ...(temp + 6 > 30 ? ["heatwave"] : []),
        ...(temp - 5 < 0 ? ["frost"] : []),
        ...(precipitation > 20 ? ["heavy-rain"] : []),
        ...(windSpeed > 15 ? ["storm"] : []),
      ];
      batch.push({
        key: { key: date, scope: { station: station.number } },
        values: {
          temp,
          temp_min: round(temp - 3 - next() * 4),
          temp_max: round(temp + 3 + next() * 4),
          precipitation,
          wind_speed: windSpeed,
          conditions:
            precipitation > 0 ? (temp < 0 ? "snow" : "rain") : next() < 0.5 ? "clear" : "cloudy",
          attrs: { source: "sample", quality: next() < 0.95 ? "good" : "suspect" },
          tags,
        },
      });
      if (batch.length === BATCH) {
        done += await ctx.model("observation").saveMany(batch);
        batch = [];
        ctx.progress(done, total, "observations");
      }
    }
  }
  if (batch.length > 0) done += await ctx.model("observation").saveMany(batch);
  ctx.progress(done, total, "observations");
  ctx.success(`Loaded ${done} observations for ${stations.length} stations`);
  return { regions: REGIONS.length, stations: stations.length, observations: done };
}
