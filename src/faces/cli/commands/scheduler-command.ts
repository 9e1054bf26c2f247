import { LOG_LEVELS, type Settings } from "../../../foundations/settings.js";
import type { Runtime } from "../../../runtime/runtime.js";
import type {
  SchedulerLogLevel,
  SchedulerOptions,
  SchedulerState,
} from "../../../runtime/schedule/scheduler/index.js";
import type { CliIo, TextSink } from "../cli-io.js";
import type { CliOutput } from "../cli-output.js";
import { redisFor, type RedisServices } from "./queue-transport-for.js";
import { waitForStop } from "./wait-for-stop.js";

export interface SchedulerContext {
  readonly settings: Settings;
  readonly io: CliIo;
  readonly output: CliOutput;
  /** With Redis when CAIRN_REDIS_URL is set: fires go to BullMQ, the lease lives in Redis. */
  readonly openRuntime: (redis?: RedisServices) => Promise<Runtime>;
}

/** Whether a line of `level` shows at CAIRN_LOG_LEVEL `setting` (pino's order). */
function shows(level: SchedulerLogLevel, setting: string): boolean {
  if (setting === "silent") return false;
  const rank = (name: string) => {
    const at = (LOG_LEVELS as readonly string[]).indexOf(name);
    return at < 0 ? LOG_LEVELS.indexOf("info") : LOG_LEVELS.length - at;
  };
  return rank(level) >= rank(setting);
}

/**
 * The scheduler's lines on stderr, each starting with `prefix`: its changes of state
 * (`NAME active (term 3)`, `NAME standing by`) always, its log as CAIRN_LOG_LEVEL lets
 * (`debug` shows each fire and each instant passed over). `cairn serve` uses it too.
 */
export function schedulerReporting(
  prefix: string,
  stderr: TextSink,
  logLevel: string,
): Pick<SchedulerOptions, "onChange" | "log"> {
  return {
    onChange: (state: SchedulerState) => {
      stderr.write(
        `${prefix}${state.replica} ${state.active ? `active (term ${String(state.term)})` : "standing by"}\n`,
      );
    },
    log: (level, text) => {
      if (shows(level, logLevel)) stderr.write(`${prefix}${text}\n`);
    },
  };
}

/**
 * `cairn scheduler`: one scheduler replica, until SIGINT or SIGTERM. Any number may run:
 * one at a time is active (it holds the scheduler lease: in Redis with CAIRN_REDIS_URL,
 * else in the database) and fires due schedules as queued executions; the others stand
 * by and take over when its lease lapses. On SIGINT or SIGTERM it finishes its look,
 * releases the lease so a standby takes over at once, and exits 0.
 */
export async function scheduler(context: SchedulerContext): Promise<number> {
  const { settings, io, output } = context;
  const redis = await redisFor(settings, output.stderr);
  try {
    const runtime = await context.openRuntime(redis);
    try {
      const stopped = waitForStop(io);
      const running = runtime.startScheduler(
        schedulerReporting("cairn scheduler: ", output.stderr, settings.logLevel),
      );
      output.stderr.write(`cairn scheduler: ${running.state.replica} standing by\n`);
      // The scheduler's timers never hold a process open; this process lives for them.
      const alive = setInterval(() => undefined, 3_600_000);
      const signal = await stopped.finally(() => {
        clearInterval(alive);
      });
      output.stderr.write(`cairn scheduler: ${signal}, releasing the lease\n`);
      await running.close();
      return 0;
    } finally {
      await runtime.close();
    }
  } finally {
    await redis?.close();
  }
}
