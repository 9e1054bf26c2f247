import { checkExecutionAccess } from "./access/check-execution-access.js";
import { DatabaseAccessControl } from "./access/access-control.js";
import { ReadViews } from "./access/read-view.js";
import { KeyringFieldCipher } from "../engines/crypto/index.js";
import { IsolatePool } from "../engines/executors/isolate-pool.js";
import { openDatabase } from "../engines/storage/database.js";
import { createRecordStore } from "../engines/storage/records/index.js";
import { checkSealedKeys } from "../engines/storage/sealed/index.js";
import type { Settings } from "../foundations/settings.js";
import { loadProjectSpec } from "../spec/index.js";
import { abortExecution } from "./abort/abort-execution.js";
import { RunningExecutions } from "./abort/running-executions.js";
import { ExecutionLog } from "./execution/execution-log.js";
import { ExecutionTable } from "./execution/execution-table.js";
import { rerunExecution } from "./execution/rerun-execution.js";
import { startExecution } from "./execution/start-execution.js";
import { follow } from "./follow/follow.js";
import { CommandLocks } from "./locks/command-locks.js";
import { LiveHub } from "./messages/live-hub.js";
import { EndRows } from "./notify/end-rows.js";
import { StreamPublisher } from "./messages/stream-publisher.js";
import type { Runtime } from "./runtime.js";
import { DatabaseQueue } from "./queue/database-queue.js";
import { ExecutionRows } from "./queue/execution-rows.js";
import { startReaper } from "./queue/reaper.js";
import { startWorker } from "./queue/start-worker.js";
import { startScheduler, type SchedulerHandle } from "./schedule/scheduler/index.js";
import type { Reaper, WorkerHandle } from "./queue/worker-types.js";
import type { RuntimeOptions, RuntimeParts, Tunables } from "./runtime-parts.js";
import { createSchedule } from "./schedule/create-schedule.js";
import { syncSpecSchedules } from "./schedule/sync-spec-schedules.js";
import { SchemaState } from "./schema-state.js";

const DEFAULTS: Omit<Tunables, "leaseMs" | "reapEveryMs" | "sweepAfterMs"> = {
  abortGraceMs: 5000,
  messageBatchSize: 100,
  messageIntervalMs: 200,
  messageWindow: 1000,
  followerQueue: 1000,
  followPollMs: 200,
  followBlockMs: 1000,
  abortPollMs: 250,
  lockLeaseMs: 60_000,
  lockRenewMs: 20_000,
  lockRetryMs: 250,
  queuePollMs: 200,
};

/** Ids per heartbeat UPDATE. */
const BEAT_CHUNK = 500;

function tunablesOf(
  settings: Settings,
  tuned: Omit<RuntimeOptions, "spec" | "transport" | "streams">,
): Tunables {
  const leaseMs = tuned.leaseMs ?? settings.leaseMs;
  return {
    ...DEFAULTS,
    leaseMs,
    reapEveryMs: Math.max(Math.round(leaseMs / 2), 50),
    sweepAfterMs: leaseMs,
    ...tuned,
  };
}

/**
 * Opens a project for running commands: loads the spec (a bad spec fails here, before
 * the database is touched), opens the database and the record store. The isolate pool
 * starts on the first handler run, so commands that run no handler start fast.
 */
export async function openRuntime(
  settings: Settings,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const { spec: given, transport: givenTransport, streams, ...tuned } = options;
  const spec = given ?? (await loadProjectSpec(settings.projectDir));
  const database = await openDatabase(settings.databaseUrl);
  const cipher = new KeyringFieldCipher(settings);
  const store = createRecordStore(database, spec, cipher);
  const tunables = tunablesOf(settings, tuned);
  const closing = new AbortController();
  const publisher = streams === undefined ? undefined : new StreamPublisher(streams);
  let pool: IsolatePool | undefined;
  const gate = () =>
    database.dialect === "sqlite" && pool !== undefined && pool.writers > 0
      ? pool.whenNoWriters()
      : undefined;
  const rows = new ExecutionRows(database, store, gate);
  const table = new ExecutionTable(database, store);
  const running = new RunningExecutions(store, tunables.abortPollMs, {
    everyMs: Math.max(Math.round(tunables.leaseMs / 3), 20),
    beat: async (ids) => {
      for (let i = 0; i < ids.length; i += BEAT_CHUNK)
        await rows.heartbeat(ids.slice(i, i + BEAT_CHUNK));
    },
  });
  const transport = givenTransport ?? new DatabaseQueue(rows, tunables.queuePollMs);
  const locks = new CommandLocks(store, gate, {
    leaseMs: tunables.lockLeaseMs,
    renewMs: tunables.lockRenewMs,
    retryMs: tunables.lockRetryMs,
  });
  const access = new DatabaseAccessControl({
    database,
    spec,
    store,
    adminToken: settings.adminToken,
  });
  const parts: RuntimeParts = {
    settings,
    spec,
    database,
    store,
    cipher,
    access,
    views: new ReadViews(spec),
    schema: new SchemaState(database, spec),
    log: new ExecutionLog(table, () => gate() ?? Promise.resolve()),
    table,
    endRows: new EndRows(database),
    hub: new LiveHub(
      publisher === undefined
        ? undefined
        : (message) => {
            publisher.publish(message);
          },
    ),
    running,
    locks,
    rows,
    transport,
    streams,
    closing: closing.signal,
    pool: () =>
      (pool ??= new IsolatePool({
        size: settings.isolates,
        projectDir: settings.projectDir,
        databaseUrl: settings.databaseUrl,
        keys: { keyFile: settings.keyFile, keysText: settings.keysText },
        graceMs: tunables.abortGraceMs,
        window: tunables.messageWindow,
      })),
    gate,
    options: tunables,
  };
  const start: Runtime["start"] = (request) => startExecution(parts, request);
  let closed: Promise<void> | undefined;
  const workers = new Set<WorkerHandle>();
  const reapers = new Set<Reaper>();
  const schedulers = new Set<SchedulerHandle>();
  return {
    settings,
    spec,
    access,
    start,
    follow: async (id, followOptions) => {
      await checkExecutionAccess(parts, followOptions?.principal, id, "watch");
      return follow(parts, id, followOptions);
    },
    abort: async (id, principal) => {
      await checkExecutionAccess(parts, principal, id, "abort");
      return abortExecution(parts, id);
    },
    checkKeys: () => checkSealedKeys(database, spec, cipher),
    rerun: async (id, rerunOptions = {}) => {
      await checkExecutionAccess(parts, rerunOptions.principal, id, "watch");
      return rerunExecution(parts, id, rerunOptions, start);
    },
    startWorker: (workerOptions = {}) => {
      const worker = startWorker(parts, workerOptions);
      workers.add(worker);
      return {
        id: worker.id,
        warmed: worker.warmed,
        close: async (graceMs) => {
          await worker.close(graceMs);
          workers.delete(worker);
        },
      };
    },
    startScheduler: (schedulerOptions = {}) => {
      const scheduler = startScheduler(parts, schedulerOptions);
      schedulers.add(scheduler);
      return {
        get state() {
          return scheduler.state;
        },
        tick: () => scheduler.tick(),
        close: async () => {
          await scheduler.close();
          schedulers.delete(scheduler);
        },
      };
    },
    startReaper: () => {
      const reaper = startReaper(parts, transport);
      reapers.add(reaper);
      return {
        sweep: () => reaper.sweep(),
        close: () => {
          reaper.close();
          reapers.delete(reaper);
        },
      };
    },
    createSchedule: (request) => createSchedule(parts, request),
    syncSpecSchedules: () => syncSpecSchedules(parts),
    close: () =>
      (closed ??= (async () => {
        await Promise.all([...schedulers].map((scheduler) => scheduler.close()));
        for (const reaper of reapers) reaper.close();
        await Promise.all([...workers].map((worker) => worker.close(0)));
        closing.abort();
        await publisher?.flush();
        running.close();
        locks.close();
        await pool?.close();
        if (givenTransport === undefined) await transport.close();
        await database.close();
      })()),
  };
}
