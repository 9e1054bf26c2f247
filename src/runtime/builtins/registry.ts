import type { BuiltinCommand } from "./builtin-command.js";
import { dbMigrate } from "./db-migrate.js";
import { dbPlan } from "./db-plan.js";
import { resourceClear } from "./resource-clear.js";
import { resourceGet } from "./resource-get.js";
import { resourceList } from "./resource-list.js";
import { resourceRemove } from "./resource-remove.js";
import { resourceSave } from "./resource-save.js";
import { scheduleNext } from "./schedule-next.js";
import { schedulePause } from "./schedule-pause.js";
import { scheduleResume } from "./schedule-resume.js";

/** Built-in commands by the name the spec's `builtin:` keys use. */
export const BUILTIN_COMMANDS: ReadonlyMap<string, BuiltinCommand> = new Map([
  ["db.plan", dbPlan],
  ["db.migrate", dbMigrate],
  ["resource.list", resourceList],
  ["resource.get", resourceGet],
  ["resource.save", resourceSave],
  ["resource.remove", resourceRemove],
  ["resource.clear", resourceClear],
  ["schedule.pause", schedulePause],
  ["schedule.resume", scheduleResume],
  ["schedule.next", scheduleNext],
]);

/** Built-ins that change the schema; the runtime checks the schema again after them. */
export const SCHEMA_COMMANDS: ReadonlySet<string> = new Set(["db.plan", "db.migrate"]);
