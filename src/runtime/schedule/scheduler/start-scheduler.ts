import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { SchemaOutdated } from "../../../foundations/error-codes.js";
import { abortablePause } from "../../abortable-pause.js";
import type { RuntimeParts } from "../../runtime-parts.js";
import {
  openLeaderLease,
  startLeaderElection,
  type LeaderElection,
  type LeaderLease,
  type LeaderState,
} from "../leader/index.js";
import { syncSpecSchedules } from "../sync-spec-schedules.js";
import { ScheduleRows } from "./schedule-rows.js";
import {
  EMPTY_TICK,
  type SchedulerHandle,
  type SchedulerLogLevel,
  type SchedulerOptions,
  type SchedulerState,
  type TickReport,
} from "./scheduler-types.js";
import { tickSchedules } from "./tick-schedules.js";

/** The lease's name: one active scheduler per database (or per Redis). */
export const SCHEDULER_LEASE = "scheduler";
/**
 * How often, at most, the lease is ticked: the active replica renews, standbys try to
 * take over, so a released lease (SIGTERM) is taken within about this.
 */
const ELECTION_EVERY_MS = 500;
/** How often a replica waiting for `cairn db migrate` looks at the schema again. */
const SCHEMA_RETRY_MS = 2000;
/** The same warning is said at most this often (a store that stays down, say). */
const REPEAT_WARNING_MS = 10_000;

function defaultLog(level: SchedulerLogLevel, text: string): void {
  if (level === "warn") process.emitWarning(`scheduler: ${text}`);
}

/** The log, with a warning repeated at most every REPEAT_WARNING_MS. */
function quietRepeats(
  log: (level: SchedulerLogLevel, text: string) => void,
): (level: SchedulerLogLevel, text: string) => void {
  const said = new Map<string, number>();
  return (level, text) => {
    if (level === "warn") {
      const now = Date.now();
      if (now - (said.get(text) ?? -Infinity) < REPEAT_WARNING_MS) return;
      said.set(text, now);
      if (said.size > 100) said.clear();
    }
    log(level, text);
  };
}

/**
 * `runtime.startScheduler`: one scheduler replica. It runs an election on the scheduler
 * lease (Redis when CAIRN_REDIS_URL is set, else a database row; see leader/) and,
 * while it holds the lease, looks at the schedules every `tickMs`, at once when it
 * becomes active, and at the soonest next fire when that comes before the next tick,
 * and fires what is due (see tickSchedules and lookAtSchedule).
 *
 * Fencing: a look runs under one lease term. Each write (a fire's INSERT, a schedule's
 * update, a pause) first reserves a connection, then asks whether this replica still
 * holds that term (`isHeld()`, a local deadline that ends before the store lets another
 * replica take over), and only then goes out; and each fire's `fire_key` is unique, so
 * even a write that slipped through could not fire an instant twice.
 *
 * Before it stands for election it waits for the schema to match the spec (`cairn db
 * migrate`), then stores the spec's `schedules:` (syncSpecSchedules: every replica does,
 * so the newest spec's schedules are stored as soon as one of its processes starts).
 * `close()` stops looking, waits for the look in progress, releases the lease so a
 * standby takes over at once, and closes the lease's connection.
 */
export function startScheduler(
  parts: RuntimeParts,
  options: SchedulerOptions = {},
): SchedulerHandle {
  const replica =
    options.replica ?? `${hostname()}:${String(process.pid)}:${randomBytes(3).toString("hex")}`;
  const tickMs = options.tickMs ?? parts.settings.schedulerTickMs;
  const leaseMs = options.leaseMs ?? parts.settings.schedulerLeaseMs;
  const graceMs = options.graceMs ?? parts.settings.schedulerGraceMs;
  const electionEveryMs =
    options.electionEveryMs ?? Math.max(Math.min(Math.round(leaseMs / 3), ELECTION_EVERY_MS), 10);
  const clock = options.now ?? Date.now;
  const log = quietRepeats(options.log ?? defaultLog);
  const rows = new ScheduleRows(parts);
  const stopping = new AbortController();
  /** Read anew after each await: close() may have come meanwhile. */
  const stopped = (): boolean => stopping.signal.aborted;
  const queued = new Set<Promise<void>>();
  let lease: LeaderLease | undefined;
  let election: LeaderElection | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** A look at the soonest next fire, when it comes before the next tick. */
  let wake: NodeJS.Timeout | undefined;
  let ticking: Promise<TickReport> | undefined;
  let leader: LeaderState = { held: false };
  let fired = 0;

  const state = (): SchedulerState => ({
    replica,
    active: leader.held && lease?.isHeld() === true,
    term: leader.held ? leader.term : undefined,
    fired,
  });

  const look = (): Promise<TickReport> => {
    const current = lease;
    const term = current?.term;
    if (current === undefined || term === undefined || stopped()) {
      return Promise.resolve(EMPTY_TICK);
    }
    const fence = () => current.isHeld() && current.term === term;
    const running = tickSchedules({
      parts,
      rows,
      now: clock,
      graceMs,
      fence,
      firedBy: `${replica}#${String(term)}`,
      log,
      onQueued: (hand) => {
        queued.add(hand);
        void hand.finally(() => queued.delete(hand));
      },
    })
      .then((report) => {
        fired += report.fired;
        wakeFor(report.nextFire);
        return report;
      })
      .catch((error: unknown) => {
        log("warn", `looking at the schedules failed, trying again: ${String(error)}`);
        return EMPTY_TICK;
      })
      .finally(() => {
        ticking = undefined;
      });
    ticking = running;
    return running;
  };
  const beat = (): void => {
    if (ticking === undefined && lease?.isHeld() === true) void look();
  };
  const wakeFor = (nextFire: number | undefined): void => {
    const delay = nextFire === undefined ? Infinity : nextFire - clock();
    if (!(delay > 0 && delay < tickMs) || stopped()) return;
    clearTimeout(wake);
    wake = setTimeout(beat, delay + 1);
    wake.unref();
  };

  const onChange = (next: LeaderState): void => {
    leader = next;
    if (stopped()) return;
    if (next.held) beat();
    options.onChange?.(state());
  };

  const waitForSchema = async (): Promise<void> => {
    let told = false;
    while (!stopped()) {
      try {
        await parts.schema.ensureCurrent();
        return;
      } catch (error) {
        if (!SchemaOutdated.is(error)) log("warn", `cannot read the schema: ${String(error)}`);
        else if (!told) log("warn", `waiting for \`cairn db migrate\`: ${error.message}`);
        told = true;
      }
      await abortablePause(SCHEMA_RETRY_MS, stopping.signal);
    }
  };

  const syncSpec = async (): Promise<void> => {
    try {
      const sync = await syncSpecSchedules(parts);
      const changed = [...sync.created, ...sync.updated, ...sync.removed];
      if (changed.length > 0) log("info", `spec schedules stored: ${changed.join(", ")}`);
      for (const { name, reason } of sync.invalid) {
        log("warn", `spec schedule '${name}' is paused: ${reason}`);
      }
    } catch (error) {
      log("warn", `cannot store the spec's schedules: ${String(error)}`);
    }
  };

  const started = (async () => {
    await waitForSchema();
    if (stopped()) return;
    await syncSpec();
    if (stopped()) return;
    lease =
      options.lease ??
      (await openLeaderLease(
        { redisUrl: parts.settings.redisUrl, database: parts.database, gate: () => parts.gate() },
        {
          name: SCHEDULER_LEASE,
          replica,
          ttlMs: leaseMs,
          onError: (error) => {
            log("warn", `the scheduler lease: ${String(error)}`);
          },
        },
      ));
    if (stopped()) return;
    election = startLeaderElection(lease, { everyMs: electionEveryMs, onChange });
    timer = setInterval(beat, tickMs);
    timer.unref();
  })().catch((error: unknown) => {
    log("warn", `the scheduler could not start: ${String(error)}`);
  });

  let closed: Promise<void> | undefined;
  return {
    get state() {
      return state();
    },
    async tick() {
      await started;
      await ticking;
      return look();
    },
    close: () =>
      (closed ??= (async () => {
        stopping.abort();
        clearInterval(timer);
        clearTimeout(wake);
        await started;
        await ticking;
        await Promise.allSettled([...queued]);
        await election?.stop();
        leader = { held: false };
        if (options.lease === undefined) await lease?.close();
      })()),
  };
}
