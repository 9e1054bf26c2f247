/** The scheduler process: fires due schedules exactly once, from one active replica. */
export { SCHEDULER_LEASE, startScheduler } from "./start-scheduler.js";
export type {
  SchedulerHandle,
  SchedulerLogLevel,
  SchedulerOptions,
  SchedulerState,
  TickReport,
} from "./scheduler-types.js";
