import { auditList } from "./audit-list.js";
import type { BuiltinCommand } from "./builtin-command.js";
import { issueToken } from "./issue-token.js";
import { revokeToken } from "./revoke-token.js";
import { dbBackup } from "./db-backup.js";
import { dbMigrate } from "./db-migrate.js";
import { dbPlan } from "./db-plan.js";
import { dbRestore } from "./db-restore.js";
import { keysRetire } from "./keys-retire.js";
import { keysRotate } from "./keys-rotate.js";
import { notificationSend } from "./notification-send.js";
import { resourceClear } from "./resource-clear.js";
import { resourceGet } from "./resource-get.js";
import { resourceList } from "./resource-list.js";
import { resourceRemove } from "./resource-remove.js";
import { resourceSave } from "./resource-save.js";
import { retentionPurge } from "./retention-purge.js";
import { scheduleNext } from "./schedule-next.js";
import { schedulePause } from "./schedule-pause.js";
import { scheduleResume } from "./schedule-resume.js";

/** Built-in commands by the name the spec's `builtin:` keys use. */
export const BUILTIN_COMMANDS: ReadonlyMap<string, BuiltinCommand> = new Map([
  ["db.plan", dbPlan],
  ["db.migrate", dbMigrate],
  ["db.backup", dbBackup],
  ["db.restore", dbRestore],
  ["keys.rotate", keysRotate],
  ["keys.retire", keysRetire],
  ["resource.list", resourceList],
  ["resource.get", resourceGet],
  ["resource.save", resourceSave],
  ["resource.remove", resourceRemove],
  ["resource.clear", resourceClear],
  ["schedule.pause", schedulePause],
  ["schedule.resume", scheduleResume],
  ["schedule.next", scheduleNext],
  ["audit.list", auditList],
  ["retention.purge", retentionPurge],
  ["access.issue-token", issueToken],
  ["access.revoke-token", revokeToken],
  ["notification.send", notificationSend],
]);

/** Built-ins that change the schema; the runtime checks the schema again after them. */
export const SCHEMA_COMMANDS: ReadonlySet<string> = new Set([
  "db.plan",
  "db.migrate",
  "db.restore",
]);

/**
 * Built-ins that commit as they go rather than in one command transaction: the schema
 * commands, the purge, whose batches each commit so it never holds a long lock, and
 * the notification send, which talks to mail and web servers while it runs, the
 * backup, which reads in a consistent transaction of its own, and the key rotation,
 * whose batches each commit so an interrupted one keeps what it did.
 */
export const SELF_COMMITTING_COMMANDS: ReadonlySet<string> = new Set([
  ...SCHEMA_COMMANDS,
  "db.backup",
  "keys.rotate",
  "keys.retire",
  "retention.purge",
  "notification.send",
]);
