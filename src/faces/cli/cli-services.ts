import type { Settings } from "../../foundations/settings.js";
import type { Runtime } from "../../runtime/runtime.js";
import type { ProjectSpec } from "../../spec/project-spec.js";

/**
 * The layers below the CLI, behind one seam: tests pass fakes, and the real ones are
 * imported on first use so `cairn --help` and `cairn host` stay quick.
 */
export interface CliServices {
  loadSpec(projectDir: string): Promise<ProjectSpec>;
  /** Opens the runtime, on `spec` when the caller has loaded it already. */
  openRuntime(settings: Settings, spec?: ProjectSpec): Promise<Runtime>;
}

export const defaultServices: CliServices = {
  async loadSpec(projectDir) {
    const { loadProjectSpec } = await import("../../spec/index.js");
    return loadProjectSpec(projectDir);
  },
  async openRuntime(settings, spec) {
    const { openRuntime } = await import("../../runtime/index.js");
    return openRuntime(settings, spec === undefined ? {} : { spec });
  },
};
