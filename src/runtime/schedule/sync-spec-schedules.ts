import type { RecordRow } from "../../engines/storage/records/record-store.js";
import { isCairnError } from "../../foundations/cairn-error.js";
import {
  CommandNotFound,
  ParameterInvalid,
  RecordConflict,
  RecordInvalid,
  ScheduleInvalid,
} from "../../foundations/error-codes.js";
import type { ScheduleDefinition, ScheduleKey } from "../../spec/schedule-definition.js";
import { formatLocation } from "../../spec/source-location.js";
import type { ProjectSpec } from "../../spec/project-spec.js";
import { redactedScheduleParameters } from "../parameters/secret-parameters.js";
import type { RuntimeParts } from "../runtime-parts.js";
import {
  checkSchedule,
  scheduleColumns,
  withPart,
  type CheckedSchedule,
  type ScheduleDraft,
  type SchedulePart,
} from "./check-schedule.js";
import { parseScheduleBound } from "./schedule-bound.js";
import { OVERLAP_POLICIES } from "./timing/index.js";

/** What a sync did, by schedule name. */
export interface SpecScheduleSync {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
  /** Rows of origin `spec` whose schedule is no longer in the spec: removed. */
  readonly removed: string[];
  /** Spec schedules that do not check out: stored paused, the reason naming file and line. */
  readonly invalid: { readonly name: string; readonly reason: string }[];
  /** Spec names taken by a schedule made from the CLI or the API: left alone. */
  readonly skipped: string[];
}

/** The errors of a definition that does not check out (others are the database's). */
const CHECK_CODES: ReadonlySet<string> = new Set([
  ScheduleInvalid.code,
  ParameterInvalid.code,
  CommandNotFound.code,
]);

/** Every pause reason a sync writes starts so; a sync may lift only its own pauses. */
export const SPEC_PAUSE_PREFIX = "spec: ";

const TIMING_FIELDS = ["expression", "timezone", "begin", "end"] as const;
const COMPARED = [
  "command",
  "parameters",
  "user",
  ...TIMING_FIELDS,
  "anchor",
  "misfire",
  "overlap",
  "paused",
  "paused_reason",
  "origin",
] as const;

/**
 * Stores the spec's `schedules:` as rows of origin `spec`: each is created, or updated
 * by name when its definition changed, with every check of `createSchedule`. A schedule
 * that does not check out is stored paused, its `paused_reason` naming the file, the line
 * and the problem, rather than failing the start of the process that syncs; fixing the
 * spec and syncing again lifts that pause. A pause made with `schedule pause` stays;
 * `paused: true` in the spec pauses. Rows of origin `spec` no longer in the spec are
 * removed; schedules made from the CLI or the API are never touched, even one whose name
 * a spec schedule takes. A changed timing starts afresh from now (see `schedule save`).
 * Rejects only when the database cannot be used (an outdated schema, a lost connection).
 */
export async function syncSpecSchedules(
  parts: RuntimeParts,
  now: Date = new Date(),
): Promise<SpecScheduleSync> {
  await parts.schema.ensureCurrent();
  const result: SpecScheduleSync = {
    created: [],
    updated: [],
    unchanged: [],
    removed: [],
    invalid: [],
    skipped: [],
  };
  const rows = await storedRows(parts);
  for (const definition of parts.spec.schedules.values()) {
    const existing = rows.get(definition.name);
    if (existing !== undefined && existing.origin !== "spec") {
      result.skipped.push(definition.name);
      continue;
    }
    const { values, reason } = await specValues(parts, definition, existing, now);
    if (reason !== undefined) result.invalid.push({ name: definition.name, reason });
    if (existing !== undefined && COMPARED.every((field) => same(values[field], existing[field]))) {
      result.unchanged.push(definition.name);
      continue;
    }
    await parts.gate();
    try {
      const saved = await parts.store.save("schedule", { key: definition.name }, values);
      (saved.created ? result.created : result.updated).push(definition.name);
    } catch (error) {
      if (RecordInvalid.is(error)) {
        // A value the row cannot hold (a user name too long): reported, not stored.
        const at = formatLocation(definition.source);
        result.invalid.push({
          name: definition.name,
          reason: `${SPEC_PAUSE_PREFIX}${at}: ${error.message}`,
        });
        continue;
      }
      // Another process syncing at the same time created it first.
      if (!RecordConflict.is(error)) throw error;
      result.unchanged.push(definition.name);
    }
  }
  for (const [name, row] of rows) {
    if (row.origin !== "spec" || parts.spec.schedules.has(name)) continue;
    await parts.gate();
    await parts.store.remove("schedule", { key: name }).catch((error: unknown) => {
      if (!isCairnError(error) || error.code !== "CAIRN_RECORD_NOT_FOUND") throw error;
    });
    result.removed.push(name);
  }
  return result;
}

/** Rows of origin `spec`, and any row whose name a spec schedule takes. */
async function storedRows(parts: RuntimeParts): Promise<Map<string, RecordRow>> {
  const rows = new Map<string, RecordRow>();
  const ours = await parts.store.list("schedule", {
    filters: [{ path: "origin", value: "spec" }],
    limit: Number.MAX_SAFE_INTEGER,
  });
  for (const row of ours) rows.set(String(row.name), row);
  const names = [...parts.spec.schedules.keys()].filter((name) => !rows.has(name));
  if (names.length > 0) {
    const taken = await parts.store.list("schedule", {
      filters: [{ path: "name__in", value: names }],
      limit: Number.MAX_SAFE_INTEGER,
    });
    for (const row of taken) rows.set(String(row.name), row);
  }
  return rows;
}

/**
 * The row a definition means, or a paused one saying what is wrong with it. A timing
 * that reads the same as the stored one (compared once read: `2027-01-01` in a zone is
 * an instant) keeps its anchor and `checked_until`, and may have no fire left.
 */
/**
 * A spec file lives in version control, so a secret value written in one is no secret:
 * such a schedule is refused (and stored paused, as any definition that does not check).
 */
function refuseSecrets(checked: CheckedSchedule): CheckedSchedule {
  if (checked.secrets === undefined) return checked;
  throw withPart(
    ScheduleInvalid.create(
      `'${checked.command.name}' is scheduled with the secret '${Object.keys(checked.secrets).join("', '")}' written in the spec`,
      {
        hint: `Remove it from the spec and make the schedule with \`cairn schedule save ${checked.name} ...\` or \`--schedule\`, which store secret values encrypted.`,
      },
    ),
    "parameters",
  );
}

async function specValues(
  parts: RuntimeParts,
  definition: ScheduleDefinition,
  existing: RecordRow | undefined,
  now: Date,
): Promise<{ values: Record<string, unknown>; reason?: string }> {
  const timezone = definition.timezone ?? parts.settings.timezone;
  const draft: ScheduleDraft = {
    name: definition.name,
    command: definition.command,
    parameters: definition.parameters,
    parametersAsText: false,
    schedule: definition.schedule,
    timezone,
    begin: definition.begin,
    end: definition.end,
    misfire: definition.misfire,
    overlap: definition.overlap,
  };
  const check = async (anchor: unknown, storedTiming: boolean) =>
    refuseSecrets(
      await checkSchedule(
        { ...draft, anchor: typeof anchor === "string" ? anchor : undefined },
        { spec: parts.spec, store: parts.store, now, storedTiming },
      ),
    );
  const base = { user: definition.user ?? "admin", origin: "spec" };
  try {
    let checked = await check(existing?.anchor, existing !== undefined);
    let columns = scheduleColumns(checked);
    const kept =
      existing !== undefined && TIMING_FIELDS.every((f) => same(columns[f], existing[f]));
    if (!kept) {
      const sameBegin = existing !== undefined && same(columns.begin, existing.begin);
      checked = await check(sameBegin ? existing.anchor : undefined, false);
      columns = scheduleColumns(checked);
    }
    const checkedUntil =
      kept && typeof existing.checked_until === "string"
        ? existing.checked_until
        : now.toISOString();
    return {
      values: {
        ...columns,
        ...base,
        checked_until: checkedUntil,
        ...pauseOf(definition, existing),
      },
    };
  } catch (error) {
    if (!isCairnError(error) || !CHECK_CODES.has(error.code)) throw error;
    const part = (error.details.part ?? "name") as SchedulePart;
    const at = part === "name" ? definition.source : definition.locations[part as ScheduleKey];
    const reason = `${SPEC_PAUSE_PREFIX}${formatLocation(at ?? definition.source)}: ${error.message}`;
    const stored = (field: string) =>
      typeof existing?.[field] === "string" ? existing[field] : now.toISOString();
    const values = {
      ...rawValues(parts.spec, definition, timezone),
      ...base,
      anchor: stored("anchor"),
      checked_until: stored("checked_until"),
      paused: true,
      paused_reason: reason,
    };
    return { values, reason };
  }
}

/** `paused: true` in the spec pauses; a pause made by hand stays; a sync's own pause lifts. */
function pauseOf(
  definition: ScheduleDefinition,
  existing: RecordRow | undefined,
): { paused: boolean; paused_reason: string | null } {
  if (definition.paused) {
    const at = definition.locations.paused ?? definition.source;
    return { paused: true, paused_reason: `${SPEC_PAUSE_PREFIX}paused in ${formatLocation(at)}` };
  }
  const reason = existing?.paused_reason;
  if (
    existing?.paused === true &&
    !(typeof reason === "string" && reason.startsWith(SPEC_PAUSE_PREFIX))
  ) {
    return { paused: true, paused_reason: typeof reason === "string" ? reason : null };
  }
  return { paused: false, paused_reason: null };
}

/**
 * A definition that does not check out, as far as the columns can hold it; values of
 * secret parameters (refused in a spec) are stored as `***` all the same.
 */
function rawValues(
  spec: ProjectSpec,
  definition: ScheduleDefinition,
  timezone: string,
): Record<string, unknown> {
  const instant = (value: string | undefined, part: "begin" | "end") => {
    if (value === undefined) return null;
    try {
      return parseScheduleBound(value, part, "UTC").toISOString();
    } catch {
      return null;
    }
  };
  const overlap = definition.overlap ?? "skip";
  return {
    command: definition.command,
    parameters:
      redactedScheduleParameters(spec, definition.command, definition.parameters) ??
      definition.parameters,
    expression: definition.schedule.slice(0, 200),
    timezone: timezone.slice(0, 64),
    begin: instant(definition.begin, "begin"),
    end: instant(definition.end, "end"),
    misfire: (definition.misfire ?? "run_once").slice(0, 30),
    overlap: (OVERLAP_POLICIES as readonly string[]).includes(overlap) ? overlap : "skip",
    next_fire: null,
  };
}

function sameText(given: unknown, stored: unknown): boolean {
  if ((given ?? null) === (stored ?? null)) return true;
  if (typeof given !== "string" || typeof stored !== "string") return false;
  const a = Date.parse(given);
  return /^\d{4}-/.test(given) && !Number.isNaN(a) && a === Date.parse(stored);
}

/** Values equal as stored: JSON deeply (key order aside), instants as instants. */
function same(a: unknown, b: unknown): boolean {
  if ((a ?? null) === (b ?? null)) return true;
  if (typeof a === "string" && typeof b === "string") return sameText(a, b);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) =>
    same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
