import type { RecordStore } from "../../engines/storage/records/record-store.js";
import { keepStoredSecrets, splitSecrets } from "../parameters/secret-parameters.js";
import { CairnError, isCairnError } from "../../foundations/cairn-error.js";
import { ScheduleInvalid } from "../../foundations/error-codes.js";
import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { SCHEDULE_NAME, SCHEDULE_NAME_MAX } from "../../spec/schedule-definition.js";
import { findCommand } from "../find-command.js";
import { LOCK_WAIT, takeLockWait } from "../locks/lock-wait.js";
import { recordedParameters, storeHasKey } from "../parameters/recorded-parameters.js";
import { resolveParameters } from "../parameters/resolve-parameters.js";
import { parseScheduleBound } from "./schedule-bound.js";
import {
  checkTiming,
  formatMisfirePolicy,
  nextFireAfter,
  parseMisfirePolicy,
  parseOverlapPolicy,
  parseScheduleExpression,
  resolveTimeZone,
  type OverlapPolicy,
  type ScheduleTiming,
} from "./timing/index.js";

/** The part of a schedule an error is about (`details.part`), as the faces name them. */
export type SchedulePart =
  | "name"
  | "command"
  | "parameters"
  | "schedule"
  | "timezone"
  | "begin"
  | "end"
  | "misfire"
  | "overlap";

/** A schedule as given, before any check: text from a face, a spec or a stored row. */
export interface ScheduleDraft {
  readonly name: string;
  readonly command: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Parameters are text as on a command line (lists comma-separated); else typed JSON. */
  readonly parametersAsText: boolean;
  /** The expression: `every 15m`, `cron 0 6 * * 1-5`, `at 2026-12-25T08:00`. */
  readonly schedule: string;
  readonly timezone: string;
  readonly begin?: string | Date | undefined;
  readonly end?: string | Date | undefined;
  /** Where `every` intervals count from (default: begin, else now). */
  readonly anchor?: string | Date | undefined;
  readonly misfire?: string | undefined;
  readonly overlap?: string | undefined;
  /** The secrets stored with the schedule: a secret given as `***` keeps its stored value. */
  readonly storedSecrets?: Readonly<Record<string, unknown>> | undefined;
}

export interface CheckOptions {
  readonly spec: ProjectSpec;
  /** Where `key` parameters are looked up. */
  readonly store: RecordStore;
  readonly now: Date;
  /**
   * The timing is the one already stored for this schedule: it is checked for what it
   * says, but may have no fire left (an `at` that has fired, an end that has passed).
   */
  readonly storedTiming?: boolean;
}

/** A schedule that passed every check, in the types the scheduler uses. */
export interface CheckedSchedule {
  readonly name: string;
  readonly command: CommandDefinition;
  /** The validated parameters as recorded (typed values, filters, `_lock_wait`), secret ones as `***`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The values of its sensitive parameters, stored encrypted; undefined when none. */
  readonly secrets: Readonly<Record<string, unknown>> | undefined;
  readonly timing: ScheduleTiming;
  /** `skip`, `run_once` or `catch_up:N`. */
  readonly misfire: string;
  readonly overlap: OverlapPolicy;
  /** The first fire after `now`, if any is left. */
  readonly next: Date | undefined;
}

/** The same error with `details.part` naming the part of the schedule it is about. */
export function withPart(error: unknown, part: SchedulePart): unknown {
  if (!isCairnError(error) || error.details.part !== undefined) return error;
  return new CairnError(error.code, error.status, error.message, {
    hint: error.hint,
    details: { ...error.details, part },
    cause: error.cause,
  });
}

function inPart<T>(part: SchedulePart, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw withPart(error, part);
  }
}

function invalid(part: SchedulePart, message: string, hint: string): CairnError {
  return ScheduleInvalid.create(message, { hint, details: { part } });
}

/**
 * Every check a schedule passes before it is stored, in the order a reader would fix
 * them: its name, the command (it exists and is recorded: `db plan` and `db migrate`
 * cannot be scheduled), the parameters exactly as `runtime.start` checks them, the time
 * zone, the expression, begin and end, the policies, and that it fires at least once
 * after `now`. Each error (CAIRN_SCHEDULE_INVALID, CAIRN_PARAMETER_INVALID,
 * CAIRN_COMMAND_NOT_FOUND) carries `details.part`. Nothing is written here.
 */
export async function checkSchedule(
  draft: ScheduleDraft,
  options: CheckOptions,
): Promise<CheckedSchedule> {
  checkName(draft.name);
  const command = inPart("command", () => findCommand(options.spec, draft.command));
  if (!command.recorded) {
    throw invalid(
      "command",
      `'${command.name}' cannot be scheduled: it changes the schema and is not recorded as an execution`,
      "Run `cairn db plan` and `cairn db migrate` by hand; schedule other commands.",
    );
  }
  const given = inPart("parameters", () =>
    keepStoredSecrets(command, draft.parameters, draft.storedSecrets),
  );
  const { parameters, secrets } = splitSecrets(
    command,
    await checkParameters(command, { ...draft, parameters: given }, options),
    options.spec,
  );
  const timing = checkedTiming(draft, options);
  const misfire = inPart("misfire", () =>
    formatMisfirePolicy(parseMisfirePolicy(draft.misfire ?? "run_once")),
  );
  const overlap = inPart("overlap", () => parseOverlapPolicy(draft.overlap ?? "skip"));
  return {
    name: draft.name,
    command,
    parameters,
    secrets,
    timing,
    misfire,
    overlap,
    next: nextFireAfter(timing, options.now),
  };
}

function checkName(name: string): void {
  if (SCHEDULE_NAME.test(name) && name.length <= SCHEDULE_NAME_MAX) return;
  throw invalid(
    "name",
    name === ""
      ? "a schedule needs a name"
      : `schedule name '${name}' must be letters, digits, '-', '.' and '_', starting with a letter or digit (at most ${SCHEDULE_NAME_MAX})`,
    "Give a name such as nightly-fetch, or leave it out for one made from the command.",
  );
}

/** The parameters as `runtime.start` checks them, recorded as an execution records them. */
async function checkParameters(
  command: CommandDefinition,
  draft: ScheduleDraft,
  options: CheckOptions,
): Promise<Record<string, unknown>> {
  try {
    const { parameters, waitMs } = takeLockWait(command.name, draft.parameters);
    const resolved = await resolveParameters(command, parameters, {
      fromText: draft.parametersAsText,
      keyExists: (model, key) => storeHasKey(options.spec, options.store, model, key),
    });
    const recorded = recordedParameters(resolved);
    return LOCK_WAIT in draft.parameters && waitMs > 0
      ? { ...recorded, [LOCK_WAIT]: waitMs / 1000 }
      : recorded;
  } catch (error) {
    throw withPart(error, "parameters");
  }
}

/** The time zone, the expression, the bounds, and that the schedule fires after `now`. */
function checkedTiming(draft: ScheduleDraft, options: CheckOptions): ScheduleTiming {
  const timezone = inPart("timezone", () => resolveTimeZone(draft.timezone));
  const expression = inPart("schedule", () => parseScheduleExpression(draft.schedule));
  const bound = (part: "begin" | "end", value: string | Date | undefined) =>
    value === undefined || value === ""
      ? undefined
      : inPart(part, () => parseScheduleBound(value, part, timezone));
  const begin = bound("begin", draft.begin);
  const end = bound("end", draft.end);
  const anchor =
    draft.anchor === undefined || draft.anchor === ""
      ? (begin ?? options.now)
      : inPart("schedule", () => parseScheduleBound(draft.anchor ?? "", "anchor", timezone));
  if (begin !== undefined && end !== undefined && end <= begin) {
    throw invalid(
      "end",
      `the end ${end.toISOString()} of "${expression.text}" is not after its begin ${begin.toISOString()}`,
      "Give an end later than the begin, or leave one of them out.",
    );
  }
  const stored = options.storedTiming === true;
  if (!stored && end !== undefined && end <= options.now) {
    throw invalid(
      "end",
      `the end ${end.toISOString()} of "${expression.text}" has already passed (now is ${options.now.toISOString()})`,
      "Give a later end, or none.",
    );
  }
  const timing: ScheduleTiming = {
    expression,
    timezone,
    ...(begin === undefined ? {} : { begin }),
    ...(end === undefined ? {} : { end }),
    anchor,
  };
  // A stored timing is checked from the epoch: what it says, not whether it still fires.
  inPart("schedule", () => {
    checkTiming(timing, stored ? new Date(0) : options.now);
  });
  return timing;
}

/** The columns of a `schedule` row that a checked schedule decides. */
export function scheduleColumns(checked: CheckedSchedule): Record<string, unknown> {
  const { timing } = checked;
  return {
    command: checked.command.name,
    parameters: checked.parameters,
    secrets: checked.secrets ?? null,
    expression: timing.expression.text,
    timezone: timing.timezone,
    begin: timing.begin?.toISOString() ?? null,
    end: timing.end?.toISOString() ?? null,
    anchor: timing.anchor.toISOString(),
    misfire: checked.misfire,
    overlap: checked.overlap,
    next_fire: checked.next?.toISOString() ?? null,
  };
}
