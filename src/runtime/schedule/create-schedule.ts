import { randomBytes } from "node:crypto";
import type { RecordRow } from "../../engines/storage/records/record-store.js";
import { RecordConflict, RecordNotFound } from "../../foundations/error-codes.js";
import { SCHEDULE_NAME_MAX } from "../../spec/schedule-definition.js";
import { checkMayRun } from "../access/check-may-run.js";
import { actorName, LOCAL_ADMIN, type Principal } from "../access/principal.js";
import { findCommand } from "../find-command.js";
import type { RuntimeParts } from "../runtime-parts.js";
import { checkSchedule, scheduleColumns, withPart } from "./check-schedule.js";
import { fireTimes, type FireTime } from "./fire-times.js";

/** Where a schedule was made; the `schedule.origin` column. */
export type ScheduleOrigin = "cli" | "api" | "spec";

/** `runtime.createSchedule`: a command and its parameters, and when to run them. */
export interface ScheduleRequest {
  /** The command's name: `weather fetch`. */
  readonly command: string;
  /** Parameters as given: text from the CLI and forms, JSON values from the API. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Whether the parameters are command-line text (default: only for origin `cli`). */
  readonly parametersAsText?: boolean;
  readonly origin: ScheduleOrigin;
  /**
   * Who makes it: they must be allowed to run the command, and its fires run as them
   * (checked again at every fire). Absent for the local CLI: `admin`.
   */
  readonly principal?: Principal;
  /** `every 15m`, `cron 0 6 * * 1-5` or `at 2026-12-25T08:00`. */
  readonly schedule: string;
  /** IANA name `cron` and `at` times are read in (default: CAIRN_TIMEZONE, else UTC). */
  readonly timezone?: string;
  /**
   * No fire before this: an exact instant (`2027-01-01T00:00Z`) or a date and time read
   * in the time zone (`2027-01-01T06:00`, `2027-01-01`).
   */
  readonly begin?: string;
  /** No fire at or after this; read as `begin`. */
  readonly end?: string;
  /** Default: the command's words and a short random suffix, e.g. `weather-fetch-3f9a`. */
  readonly name?: string;
  /** `skip`, `run_once` (default) or `catch_up[:N]`. */
  readonly misfire?: string;
  /** `allow`, `skip` (default) or `queue`. */
  readonly overlap?: string;
}

/** What a caller says of the schedule itself, beside the command and its parameters. */
export type ScheduleShape = Pick<
  ScheduleRequest,
  "schedule" | "timezone" | "begin" | "end" | "name" | "misfire" | "overlap"
>;

/** What createSchedule answers: the stored row and the next fire times. */
export interface CreatedSchedule {
  readonly schedule: RecordRow;
  readonly next: readonly FireTime[];
}

/** How many fire times a new schedule is shown with. */
const SHOWN_FIRES = 3;

/**
 * Checks everything (see checkSchedule), then stores the schedule: anchored at its begin
 * (else now), looked at up to now (so nothing before its creation fires), with its first
 * fire as `next_fire`. A name that exists is refused (CAIRN_RECORD_CONFLICT, also when a
 * racing create wins the unique name); `schedule save` changes a schedule.
 */
export async function createSchedule(
  parts: RuntimeParts,
  request: ScheduleRequest,
): Promise<CreatedSchedule> {
  const principal = request.principal ?? LOCAL_ADMIN;
  await parts.schema.ensureCurrent();
  const now = new Date();
  const name = request.name ?? (await freeName(parts, request.command));
  if (request.name !== undefined && (await exists(parts, name))) throw taken(name);
  const checked = await checkSchedule(
    {
      name,
      command: request.command,
      parameters: request.parameters,
      parametersAsText: request.parametersAsText ?? request.origin === "cli",
      schedule: request.schedule,
      timezone: request.timezone ?? parts.settings.timezone,
      begin: request.begin,
      end: request.end,
      misfire: request.misfire,
      overlap: request.overlap,
    },
    { spec: parts.spec, store: parts.store, now },
  );
  checkMayRun(principal, checked.command);
  const values = {
    ...scheduleColumns(checked),
    user: actorName(principal),
    origin: request.origin,
    paused: false,
    paused_reason: null,
    checked_until: now.toISOString(),
  };
  await parts.gate();
  const schedule = await parts.store.transaction(async (store) => {
    const saved = await store.save("schedule", { key: name }, values);
    if (!saved.created) throw taken(name);
    return saved.row;
  });
  return { schedule, next: fireTimes(checked.timing, now, SHOWN_FIRES) };
}

async function exists(parts: RuntimeParts, name: string): Promise<boolean> {
  try {
    await parts.store.get("schedule", { key: name });
    return true;
  } catch (error) {
    if (RecordNotFound.is(error)) return false;
    throw error;
  }
}

function taken(name: string) {
  return withPart(
    RecordConflict.create(`a schedule named '${name}' already exists`, {
      hint: `Choose another name, or change it with \`cairn schedule save ${name} field=value ...\`.`,
      details: { schedule: name },
    }),
    "name",
  );
}

/** `weather-fetch-3f9a`: the command's words and 4 random hex digits, not yet taken. */
async function freeName(parts: RuntimeParts, commandName: string): Promise<string> {
  const command = (() => {
    try {
      return findCommand(parts.spec, commandName);
    } catch (error) {
      throw withPart(error, "command");
    }
  })();
  const stem = command.path.join("-").slice(0, SCHEDULE_NAME_MAX - 5);
  for (;;) {
    const name = `${stem}-${randomBytes(2).toString("hex")}`;
    if (!(await exists(parts, name))) return name;
  }
}
