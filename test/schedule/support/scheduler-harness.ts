import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import { createRecordStore } from "../../../src/engines/storage/records/index.js";
import type { RecordRow, RecordStore } from "../../../src/engines/storage/records/record-store.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadSettings } from "../../../src/foundations/settings.js";
import { openRuntime, type Runtime } from "../../../src/runtime/index.js";
import type {
  SchedulerHandle,
  SchedulerOptions,
} from "../../../src/runtime/schedule/scheduler/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";

/** Where the tests' clock starts: far from the real time, so nothing mixes them up. */
export const T0 = Date.parse("2030-01-01T00:00:00.000Z");

/** `T0 + minutes`, as an ISO instant. */
export const at = (minutes: number, seconds = 0): string =>
  new Date(T0 + minutes * 60_000 + seconds * 1000).toISOString();

/** The scheduler's clock in a test: it moves only when the test moves it. */
export interface TestClock {
  now(): number;
  set(iso: string): void;
}

export function testClock(start = T0): TestClock {
  let current = start;
  return {
    now: () => current,
    set: (iso) => {
      current = Date.parse(iso);
    },
  };
}

/** One project on one database, with a scheduler in this process on a test clock. */
export interface SchedulerBench {
  readonly runtime: Runtime;
  readonly store: RecordStore;
  readonly clock: TestClock;
  /** Saves a schedule row directly (as a row written through the data API would be). */
  save(name: string, values?: Record<string, unknown>): Promise<void>;
  schedule(name: string): Promise<RecordRow>;
  /** The executions a schedule fired, oldest instant first. */
  fires(name: string): Promise<RecordRow[]>;
  /** The scheduled instants a schedule fired, as ISO strings, oldest first. */
  instants(name: string): Promise<string[]>;
  /** Sets an execution's status (and `finished`, for a final one) as a worker would. */
  end(execution: unknown, status: "running" | "success", finished?: string): Promise<void>;
  /** Starts a scheduler on the test clock and waits until it is active. */
  start(options?: SchedulerOptions): Promise<SchedulerHandle>;
  close(): Promise<void>;
}

/** Defaults of a test schedule: every minute from T0, looked at up to T0, fires overlap. */
export const SCHEDULE_DEFAULTS = {
  command: "job note",
  parameters: {},
  user: "admin",
  expression: "every 1m",
  timezone: "UTC",
  anchor: at(0),
  checked_until: at(0),
  misfire: "run_once",
  overlap: "allow",
  origin: "cli",
} as const;

export async function openSchedulerBench(
  dir: string,
  url: string,
  env: Readonly<Record<string, string>> = {},
): Promise<SchedulerBench> {
  const spec = await loadProjectSpec(dir);
  const database: Database = await openDatabase(url);
  await migrateDatabase(database, spec);
  const store = createRecordStore(database, spec);
  // The core module's own schedules (retention) are stored paused, which a spec sync
  // keeps: anchored on the real clock, they would fire or be skipped at instants that
  // depend on when the suite runs, and every count these tests check would move.
  const pauseCoreSchedules = async () => {
    for (const name of spec.schedules.keys()) {
      await store.save(
        "schedule",
        { key: name },
        {
          ...SCHEDULE_DEFAULTS,
          origin: "spec",
          paused: true,
          paused_reason: "paused by the test bench",
          next_fire: null,
        },
      );
    }
  };
  await pauseCoreSchedules();
  const settings = loadSettings({ env: { ...env, CAIRN_DATABASE_URL: url }, cwd: dir });
  const runtime = await openRuntime(settings, { spec });
  const clock = testClock();
  const handles: SchedulerHandle[] = [];
  const fires = (name: string) =>
    store.list("execution", {
      filters: [{ path: "schedule__name", value: name }],
      order: ["scheduled_for"],
    });
  return {
    runtime,
    store,
    clock,
    async save(name, values = {}) {
      await store.save("schedule", { key: name }, { ...SCHEDULE_DEFAULTS, ...values });
    },
    schedule: (name) => store.get("schedule", { key: name }),
    fires,
    instants: async (name) => (await fires(name)).map((row) => String(row.scheduled_for)),
    async end(execution, status, finished) {
      await store.save(
        "execution",
        { key: String(execution) },
        status === "running"
          ? { status }
          : { status, finished: finished ?? new Date(clock.now()).toISOString() },
      );
    },
    async start(options = {}) {
      const handle = runtime.startScheduler({
        now: () => clock.now(),
        tickMs: 3_600_000,
        leaseMs: 5000,
        graceMs: 1000,
        log: () => undefined,
        ...options,
      });
      handles.push(handle);
      const deadline = Date.now() + 15_000;
      while (!handle.state.active) {
        if (Date.now() > deadline) throw new Error("the scheduler did not become active");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Its start synced the spec's schedules: paused again before the looks that count.
      await pauseCoreSchedules();
      // The look it takes on becoming active, on the clock as it stands.
      await handle.tick();
      return handle;
    },
    async close() {
      await Promise.all(handles.map((handle) => handle.close()));
      await runtime.close();
      await database.close();
    },
  };
}
