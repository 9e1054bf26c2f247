/** One generated day of one station, the same for every benchmark and every run. */
export interface Observation {
  station: string;
  date: string;
  temp: number;
  temp_min: number;
  temp_max: number;
  precipitation: number;
  wind_speed: number;
  conditions: string;
  attrs: { quality: string };
}

/** `rows` observations spread over `stations` stations numbered from 10000, day by day. */
export function weatherObservations(rows: number, stations: number): Observation[] {
  const days = Math.ceil(rows / stations);
  const out: Observation[] = [];
  for (let s = 0; s < stations && out.length < rows; s++) {
    for (let d = 0; d < days && out.length < rows; d++) {
      const temp = Math.round(((s * 7 + d * 13) % 400) - 100) / 10;
      out.push({
        station: String(10000 + s),
        date: new Date(Date.UTC(2000, 0, 1 + d)).toISOString().slice(0, 10),
        temp,
        temp_min: temp - 3,
        temp_max: temp + 4,
        precipitation: (d % 9) * 1.5,
        wind_speed: (s % 11) + 0.5,
        conditions: d % 3 === 0 ? "rain" : "clear",
        attrs: { quality: d % 20 === 0 ? "suspect" : "good" },
      });
    }
  }
  return out;
}
