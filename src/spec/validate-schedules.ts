import { SpecUnknownName } from "../foundations/error-codes.js";
import { didYouMean } from "../foundations/suggest.js";
import type { CommandDefinition } from "./command-definition.js";
import type { JsonValue } from "./field-types.js";
import type { RawEntry } from "./merge-spec.js";
import {
  SCHEDULE_KEYS,
  SCHEDULE_NAME,
  SCHEDULE_NAME_MAX,
  type ScheduleDefinition,
  type ScheduleKey,
} from "./schedule-definition.js";
import type { SourceLocation } from "./source-location.js";
import { describeNode, toJson } from "./spec-node.js";
import { asMap, checkKeys, MapReader } from "./spec-reader.js";
import type { SpecProblems } from "./spec-problems.js";

/** The optional keys whose values are text, checked when the schedule is stored. */
const TEXT_KEYS = ["timezone", "begin", "end", "misfire", "overlap", "user"] as const;

/**
 * `schedules: {nightly: {command: weather fetch, schedule: cron 0 6 * * *, ...}}` from
 * every module: the shape of each schedule, that its command exists and is recorded. The
 * timing, the policies and the parameters are checked where the clock and the database
 * are, when the schedule is stored.
 */
export function validateSchedules(
  entries: ReadonlyMap<string, RawEntry>,
  commands: ReadonlyMap<string, CommandDefinition>,
  problems: SpecProblems,
): Map<string, ScheduleDefinition> {
  const schedules = new Map<string, ScheduleDefinition>();
  for (const entry of entries.values()) {
    const schedule = validateSchedule(entry, commands, problems);
    if (schedule !== undefined) schedules.set(schedule.name, schedule);
  }
  return schedules;
}

function validateSchedule(
  entry: RawEntry,
  commands: ReadonlyMap<string, CommandDefinition>,
  problems: SpecProblems,
): ScheduleDefinition | undefined {
  const { name, node } = entry;
  if (!SCHEDULE_NAME.test(name) || name.length > SCHEDULE_NAME_MAX) {
    problems.invalid(
      `schedule name '${name}' must be letters, digits, '-', '.' and '_' (at most ${SCHEDULE_NAME_MAX})`,
      node.location,
    );
  }
  const map = asMap(node, `schedule '${name}'`, problems);
  if (map === undefined) return undefined;
  checkKeys(map, SCHEDULE_KEYS, "schedule option", problems);
  const reader = new MapReader(map, problems);
  const command = readCommand(reader, name, commands);
  const schedule = reader.string("schedule");
  if (schedule === undefined && reader.node("schedule") === undefined) {
    problems.invalid(
      `schedule '${name}' needs 'schedule': "every 15m", "cron 0 6 * * 1-5" or "at 2026-12-25T08:00"`,
      map.location,
    );
  }
  const parameters = readParameters(reader);
  const locations: Partial<Record<ScheduleKey, SourceLocation>> = {};
  for (const key of SCHEDULE_KEYS) {
    const at = map.entries.get(key);
    if (at !== undefined) locations[key] = at.location;
  }
  const optional: Partial<Record<(typeof TEXT_KEYS)[number], string>> = {};
  for (const key of TEXT_KEYS) {
    const value = reader.string(key);
    if (value !== undefined) optional[key] = value;
  }
  const paused = reader.boolean("paused") ?? false;
  if (command === undefined || schedule === undefined || parameters === undefined) return undefined;
  return {
    name,
    command,
    parameters,
    schedule,
    ...optional,
    paused,
    module: entry.module.name,
    source: node.location,
    locations,
  };
}

/** The command it runs: a command of the project that records its executions. */
function readCommand(
  reader: MapReader,
  name: string,
  commands: ReadonlyMap<string, CommandDefinition>,
): string | undefined {
  const text = reader.string("command");
  if (text === undefined) {
    if (reader.node("command") === undefined) {
      reader.problems.invalid(
        `schedule '${name}' needs 'command', the command it runs (such as 'weather fetch')`,
        reader.map.location,
      );
    }
    return undefined;
  }
  const wanted = text.trim().split(/\s+/).join(" ");
  const command = commands.get(wanted);
  const location = reader.location("command");
  if (command === undefined) {
    reader.problems.add(
      SpecUnknownName,
      `schedule '${name}' runs an unknown command '${wanted}'`,
      location,
      didYouMean(wanted, commands.keys()),
      "Name a command of the project, its words separated by spaces.",
    );
    return undefined;
  }
  if (!command.recorded) {
    reader.problems.invalid(
      `schedule '${name}' cannot run '${wanted}': it changes the schema and is run by hand`,
      location,
    );
    return undefined;
  }
  return command.name;
}

/** `parameters: {station: "03005", days: 3}`: a map of JSON values. */
function readParameters(reader: MapReader): Record<string, JsonValue> | undefined {
  const node = reader.node("parameters");
  if (node === undefined) return {};
  if (node.kind !== "map") {
    reader.problems.invalid(
      `'parameters' must be a map of the command's parameters, not ${describeNode(node)}`,
      node.location,
    );
    return undefined;
  }
  return Object.fromEntries([...node.entries].map(([key, value]) => [key, toJson(value)]));
}
