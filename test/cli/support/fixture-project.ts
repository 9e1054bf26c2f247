import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/** A small project for CLI tests: a keyed model, a scoped model and module commands. */
const FILES: Record<string, string> = {
  "cairn.yml": "name: clifix\nversion: 2.3.4\n",
  "spec/models.yml": `
models:
  station:
    key: number
    help: A weather station.
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string, max_length: 100, help: what people call it}
      elevation: {type: float, min: -500}
      active: {type: boolean, default: true}
    ordering: [number]
  observation:
    key: date
    scope: [station]
    fields:
      date: {type: date, required: true}
      temp: {type: float}
    relations:
      station: {model: station, required: true, on_delete: cascade}
`,
  "spec/commands.yml": `
commands:
  weather:
    fetch:
      handler: handlers/weather.ts#fetch
      help: Fetch observations for a station
      parameters:
        station: {type: key, model: station, help: the station to fetch}
        days: {type: integer, default: 7, min: 1, max: 30}
        dry_run: {type: flag, help: only say what would happen}
        tags: {type: string, multiple: true}
        unit: {type: string, choices: [c, f], default: c}
    fail:
      handler: handlers/weather.ts#fail
      help: Always fails
    report:
      handler: handlers/weather.ts#report
      help: Emits every kind of message
    wait:
      handler: handlers/weather.ts#wait
      help: Waits until aborted
    spin:
      handler: handlers/weather.ts#spin
      help: Never returns and never yields
`,
  "handlers/weather.ts": `
interface Ctx {
  info(text: string): void;
  notice(text: string): void;
  success(text: string): void;
  warning(text: string): void;
  table(rows: Record<string, unknown>[], columns?: string[]): void;
  data(value: unknown): void;
  progress(done: number, total: number, label?: string): void;
  signal: AbortSignal;
  model(name: string): { save(key: string, values: Record<string, unknown>): Promise<unknown> };
}

export async function fetch(
  ctx: Ctx,
  p: { station?: string; days: number; dryRun: boolean; tags?: string[]; unit: string },
) {
  ctx.info(\`fetching \${p.days} days for \${p.station ?? "all"}\${p.dryRun ? " (dry run)" : ""}\`);
  if (!p.dryRun && p.station !== undefined) {
    await ctx.model("station").save(p.station, { name: "fetched" });
  }
  return { days: p.days, unit: p.unit, tags: p.tags ?? [] };
}

export async function fail(ctx: Ctx) {
  ctx.warning("about to fail");
  throw new Error("the sky fell");
}

export async function wait(ctx: Ctx) {
  ctx.info("waiting");
  await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
  ctx.warning("stopping");
  throw new Error("stopped");
}

export function spin(ctx: Ctx): never {
  ctx.info("spinning");
  for (;;) {
    // blocks its thread: only terminating the thread stops it
  }
}

export async function report(ctx: Ctx) {
  ctx.notice("starting");
  ctx.progress(1, 2, "steps");
  ctx.progress(2, 2, "steps");
  ctx.table([{ a: 1, b: "x,y" }], ["a", "b"]);
  ctx.success("done");
}
`,
};

export type FixtureProject = TempTree;

/** Writes the fixture (plus `extra` files) into a fresh temporary directory. */
export function createFixtureProject(extra: Record<string, string> = {}): FixtureProject {
  return writeTempTree("cli", { ...FILES, ...extra });
}
