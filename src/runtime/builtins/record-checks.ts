import type { RecordStore } from "../../engines/storage/records/record-store.js";
import type { Settings } from "../../foundations/settings.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { checkGroupSave, checkTokenSave, checkUserSave } from "../access/check-access-saves.js";
import { checkNotificationSave, checkWebhookSave } from "../notify/check-notification-saves.js";
import { checkScheduleSave } from "../schedule/check-schedule-save.js";

/** One `<model> save` of a model whose rows need more than their field checks. */
export interface RecordSave {
  readonly spec: ProjectSpec;
  readonly settings: Settings;
  /** The store of the save's transaction. */
  readonly store: RecordStore;
  /** The row's natural key. */
  readonly key: string;
  /** The fields given, already typed by the save's parameters. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Who saves. */
  readonly user: string;
}

/**
 * Checks a save and answers the values to store (the given ones, corrected and
 * completed), or throws the error that refuses it; nothing is written before.
 */
export type RecordCheck = (save: RecordSave) => Promise<Readonly<Record<string, unknown>>>;

/**
 * Per-model checks of `<model> save`, by model name: a platform model whose rows must
 * make sense as a whole (a schedule's command, parameters and timing) is checked as the
 * runtime checks the same row made another way. The data API's writes do not pass here;
 * the code that reads such rows checks them again.
 */
export const RECORD_CHECKS: ReadonlyMap<string, RecordCheck> = new Map<string, RecordCheck>([
  ["group", (save) => checkGroupSave(save)],
  ["user", (save) => checkUserSave(save)],
  ["token", (save) => checkTokenSave(save)],
  ["notification", (save) => checkNotificationSave(save)],
  ["webhook", (save) => checkWebhookSave(save)],
  [
    "schedule",
    (save) =>
      checkScheduleSave({
        spec: save.spec,
        store: save.store,
        name: save.key,
        given: save.values,
        user: save.user,
        timezone: save.settings.timezone,
        now: new Date(),
      }),
  ],
]);
