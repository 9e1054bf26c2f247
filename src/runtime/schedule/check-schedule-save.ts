import type { RecordRow, RecordStore } from "../../engines/storage/records/record-store.js";
import { RecordNotFound, ScheduleInvalid } from "../../foundations/error-codes.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { scheduleSecrets } from "../parameters/stored-secrets.js";
import { checkSchedule, scheduleColumns, withPart } from "./check-schedule.js";

/** What `schedule save` hands the check: the row's key and the fields given. */
export interface ScheduleSave {
  readonly spec: ProjectSpec;
  readonly store: RecordStore;
  readonly name: string;
  /** The fields given, typed by the save parameters (only those given are present). */
  readonly given: Readonly<Record<string, unknown>>;
  /** Who saves it (names a pause). */
  readonly user: string;
  /** The time zone of a new schedule that names none (CAIRN_TIMEZONE). */
  readonly timezone: string;
  readonly now: Date;
}

/** The fields that decide when a schedule fires. */
const TIMING_FIELDS = ["expression", "timezone", "begin", "end", "anchor"] as const;

/**
 * `schedule save NAME field=value ...` checks as `createSchedule` does: the given fields
 * over the stored row, then the command, parameters (typed JSON, as stored) and timing.
 * It answers the values to store, with `next_fire` computed again.
 *
 * - A save that changes the timing (expression, time zone, begin, end or anchor) starts
 *   afresh from now: `checked_until` moves to now, so instants of the new timing before
 *   the change do not fire as misfires; a changed begin moves the anchor with it.
 * - A save that keeps the stored timing is not refused because that timing has no fire
 *   left (an `at` that has fired, an end that has passed): its `next_fire` is emptied.
 * - `paused=true` without a reason records who paused it; `paused=false` clears the reason.
 * - Parameters shown as stored (a secret one as `***`) keep the stored secret.
 */
export async function checkScheduleSave(save: ScheduleSave): Promise<Record<string, unknown>> {
  const { given, now } = save;
  const existing = await storedRow(save.store, save.name);
  const value = (field: string): unknown => (field in given ? given[field] : existing?.[field]);
  const text = (field: string): string | undefined => {
    const found = value(field);
    if (typeof found === "number" || typeof found === "boolean") return String(found);
    return typeof found === "string" && found !== "" ? found : undefined;
  };
  const command = text("command");
  const expression = text("expression");
  if (command === undefined || expression === undefined) {
    throw withPart(
      ScheduleInvalid.create(
        `a new schedule '${save.name}' needs ${command === undefined ? "a command" : "an expression"}`,
        {
          hint: 'Give command="weather fetch" expression="every 1h", or create it with `cairn weather fetch --schedule "every 1h"`.',
        },
      ),
      command === undefined ? "command" : "schedule",
    );
  }
  const timingChanged =
    existing === undefined ||
    TIMING_FIELDS.some((field) => field in given && !same(given[field], existing[field]));
  const beginChanged =
    existing !== undefined && "begin" in given && !same(given.begin, existing.begin);
  const anchor =
    "anchor" in given || (!beginChanged && existing !== undefined) ? text("anchor") : undefined;
  const parameters = value("parameters");
  const checked = await checkSchedule(
    {
      name: save.name,
      command,
      parameters:
        typeof parameters === "object" && parameters !== null && !Array.isArray(parameters)
          ? (parameters as Record<string, unknown>)
          : {},
      parametersAsText: false,
      schedule: expression,
      timezone: text("timezone") ?? save.timezone,
      begin: text("begin"),
      end: text("end"),
      anchor,
      misfire: text("misfire"),
      overlap: text("overlap"),
      storedSecrets:
        existing === undefined ? undefined : await scheduleSecrets(save.store, save.name),
    },
    { spec: save.spec, store: save.store, now, storedTiming: !timingChanged },
  );
  const paused = value("paused") === true;
  const reason = text("paused_reason");
  const checkedUntil = text("checked_until");
  return {
    ...given,
    ...scheduleColumns(checked),
    user: text("user") ?? save.user,
    paused,
    paused_reason: paused ? (reason ?? `paused by ${save.user}`) : null,
    ...(timingChanged && !("checked_until" in given)
      ? { checked_until: later(checkedUntil, now).toISOString() }
      : {}),
  };
}

async function storedRow(store: RecordStore, name: string): Promise<RecordRow | undefined> {
  try {
    return await store.get("schedule", { key: name });
  } catch (error) {
    if (RecordNotFound.is(error)) return undefined;
    throw error;
  }
}

/** Whether a given value means the stored one (dates compared as instants). */
function same(given: unknown, stored: unknown): boolean {
  if ((given ?? null) === (stored ?? null)) return true;
  if (typeof given !== "string" || typeof stored !== "string") return false;
  const a = Date.parse(given);
  return !Number.isNaN(a) && a === Date.parse(stored);
}

function later(stored: string | undefined, now: Date): Date {
  const time = stored === undefined ? Number.NaN : Date.parse(stored);
  return Number.isNaN(time) || time < now.getTime() ? now : new Date(time);
}
