import type { Settings } from "../foundations/settings.js";
import type { ProjectSpec } from "../spec/project-spec.js";
import type { RunRequest, RunningExecution } from "./run-request.js";

/**
 * A project opened for running commands: its spec, its database and an isolate pool.
 * Every face (CLI, HTTP, workers, scheduler) runs commands through this one surface.
 */
export interface Runtime {
  readonly settings: Settings;
  readonly spec: ProjectSpec;
  /**
   * Finds the command and validates its parameters, then starts the execution.
   * Rejects with CAIRN_COMMAND_NOT_FOUND or CAIRN_PARAMETER_INVALID before anything runs.
   */
  start(request: RunRequest): Promise<RunningExecution>;
  /** Stops the isolate pool and closes the database. */
  close(): Promise<void>;
}
