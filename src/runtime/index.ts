/** The runtime layer: open a project and run its commands. */
export { openRuntime } from "./open-runtime.js";
export type { AbortAnswer, FollowOptions, RerunOptions, Runtime } from "./runtime.js";
export type { RuntimeOptions } from "./runtime-parts.js";
export type {
  CreatedSchedule,
  ScheduleOrigin,
  ScheduleRequest,
} from "./schedule/create-schedule.js";
export type { FireTime } from "./schedule/fire-times.js";
export type { SpecScheduleSync } from "./schedule/sync-spec-schedules.js";
export { EXECUTION_ORIGINS } from "./run-request.js";
export type { ExecutionOrigin, RunRequest, RunningExecution } from "./run-request.js";
export type { CommandContext, ModelAccess } from "./command-context.js";
export type { BuiltinCommand, BuiltinServices } from "./builtins/builtin-command.js";
export { BUILTIN_COMMANDS } from "./builtins/registry.js";
export { camelCase } from "./parameters/camel-case.js";
export { LOCK_WAIT } from "./locks/lock-wait.js";
export type { Reaper, WorkerHandle, WorkerOptions } from "./queue/worker-types.js";
export { DatabaseQueue } from "./queue/database-queue.js";
