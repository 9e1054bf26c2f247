import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadSettings, type Settings } from "../../../src/foundations/settings.js";
import { openRuntime, type Runtime } from "../../../src/runtime/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";
import { writeTempTree, type TempTree } from "../../support/temp-tree.js";

/** A small project whose commands are scheduled by the tests. */
export const SCHEDULE_PROJECT: Readonly<Record<string, string>> = {
  "cairn.yml": "name: sched\nversion: 0.1.0\n",
  "spec/models.yml": `
models:
  station:
    key: number
    fields:
      number: {type: string, max_length: 20, required: true}
      name: {type: string}
`,
  "spec/commands.yml": `
commands:
  weather:
    fetch:
      handler: handlers/fetch.ts#fetch
      help: Fetch observations
      parameters:
        station: {type: key, model: station, required: true}
        days: {type: integer, default: 7, min: 1, max: 30}
        tags: {type: string, multiple: true}
        dry_run: {type: flag}
    report:
      handler: handlers/fetch.ts#report
`,
  "handlers/fetch.ts": `
export async function fetch(ctx: { info(text: string): void }, params: { station: string }) {
  ctx.info("fetching " + params.station);
  return params;
}
export async function report() {
  return "ok";
}
`,
};

export interface ScheduleFixture {
  runtime(): Runtime;
  settings(): Settings;
  dir(): string;
  /** A store on the suite's database, to look at what was written. */
  store(): RecordStore;
  /** Every schedule row, by name. */
  rows(): Promise<RecordRow[]>;
  /** Writes a spec file and opens another runtime on the changed spec (closed after the suite). */
  respec(file: string, text: string): Promise<Runtime>;
}

/**
 * Writes the project (plus `extra` files), migrates the suite's database, stores station
 * 03005 and opens a runtime on it with `env` (CAIRN_TIMEZONE, say).
 */
export function useScheduleRuntime(
  backend: BackendFixture,
  options: { extra?: Readonly<Record<string, string>>; env?: Record<string, string> } = {},
): ScheduleFixture {
  let tree: TempTree | undefined;
  let runtime: Runtime | undefined;
  let settings: Settings | undefined;
  let store: RecordStore | undefined;
  const others: Runtime[] = [];
  beforeAll(async () => {
    tree = writeTempTree("sched", { ...SCHEDULE_PROJECT, ...options.extra });
    settings = loadSettings({
      env: { ...options.env, CAIRN_DATABASE_URL: backend.url() },
      cwd: tree.dir,
    });
    const spec = await loadProjectSpec(tree.dir);
    await migrateDatabase(backend.database(), spec);
    store = createRecordStore(backend.database(), spec);
    await store.save("station", { key: "03005" }, { name: "Bern" });
    runtime = await openRuntime(settings);
  });
  afterAll(async () => {
    await Promise.all(others.map((other) => other.close()));
    await runtime?.close();
    tree?.remove();
  });
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the schedule fixture is not set up");
    return value;
  };
  return {
    runtime: () => need(runtime),
    settings: () => need(settings),
    dir: () => need(tree).dir,
    store: () => need(store),
    rows: () => need(store).list("schedule", { order: ["name"], limit: 1_000_000 }),
    respec: async (file, text) => {
      writeFileSync(join(need(tree).dir, file), text);
      const other = await openRuntime(need(settings), {
        spec: await loadProjectSpec(need(tree).dir),
      });
      others.push(other);
      return other;
    },
  };
}

/** An `at` expression `days` from now, as wall time in UTC (`at 2031-05-04T06:00`). */
export function atDaysFromNow(days: number): string {
  return `at ${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16)}`;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}
