import type { CommandContext } from "cairn/context";

interface SummaryParameters {
  readonly station?: string;
  readonly since?: string;
}

interface Totals {
  days: number;
  tempSum: number;
  min: number;
  max: number;
  precipitation: number;
}

/** Per-station temperature and precipitation figures, as one table. */
export async function summary(ctx: CommandContext, params: SummaryParameters): Promise<unknown> {
  const filters = [
    ...(params.station === undefined ? [] : [{ path: "station", value: params.station }]),
    ...(params.since === undefined ? [] : [{ path: "date__gte", value: params.since }]),
  ];
  const rows = await ctx.model("observation").list({
    filters,
    fields: ["station", "temp", "temp_min", "temp_max", "precipitation"],
    order: ["station__number", "date"],
  });
  const byStation = new Map<string, Totals>();
  for (const row of rows) {
    const key = String(row.station);
    const totals = byStation.get(key) ?? {
      days: 0,
      tempSum: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
      precipitation: 0,
    };
    totals.days += 1;
    totals.tempSum += Number(row.temp ?? 0);
    totals.min = Math.min(totals.min, Number(row.temp_min ?? totals.min));
    totals.max = Math.max(totals.max, Number(row.temp_max ?? totals.max));
    totals.precipitation += Number(row.precipitation ?? 0);
    byStation.set(key, totals);
  }
  const table = [...byStation].map(([station, t]) => ({
    station,
    days: t.days,
    mean_temp: Math.round((t.tempSum / t.days) * 10) / 10,
    min_temp: t.min,
    max_temp: t.max,
    precipitation_mm: Math.round(t.precipitation * 10) / 10,
  }));
  if (table.length === 0) ctx.warning("No observations match; run `cairn weather sample` first.");
  ctx.table(table);
  return table;
}
