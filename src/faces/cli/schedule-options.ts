import { UsageInvalid } from "../../foundations/error-codes.js";
import type { ScheduleShape } from "../../runtime/schedule/create-schedule.js";
import type { CommandDefinition } from "../../spec/command-definition.js";

/** `--schedule EXPR` and the options that shape the schedule it creates. */
export type ScheduleOptions = ScheduleShape;

type Shaping = Exclude<keyof ScheduleOptions, "schedule">;

/** The options beside `--schedule`, by the word written (`--schedule-name` sets `name`). */
const SHAPING: Readonly<Record<string, Shaping>> = {
  timezone: "timezone",
  begin: "begin",
  end: "end",
  "schedule-name": "name",
  misfire: "misfire",
  overlap: "overlap",
};

function usage(command: CommandDefinition, message: string, hint?: string) {
  return UsageInvalid.create(message, {
    hint: hint ?? `Run 'cairn ${command.name} --help' to see its parameters.`,
  });
}

/** `--name=value` or `--name value` at `index`: the option's name, value and next index. */
function optionAt(
  words: readonly string[],
  index: number,
): { name: string; value: string | undefined; next: number } | undefined {
  const word = words[index] ?? "";
  if (!word.startsWith("--")) return undefined;
  const at = word.indexOf("=");
  const name = word.slice(2, at < 0 ? undefined : at).replaceAll("_", "-");
  if (name !== "schedule" && !(name in SHAPING)) return undefined;
  if (at >= 0) return { name, value: word.slice(at + 1), next: index + 1 };
  const value = words[index + 1];
  if (value === undefined || value.startsWith("--"))
    return { name, value: undefined, next: index + 1 };
  return { name, value, next: index + 2 };
}

/**
 * Takes `--schedule EXPR` and the options beside it (`--timezone`, `--begin`, `--end`,
 * `--schedule-name`, `--misfire`, `--overlap`) out of a command's words: with
 * `--schedule` the command is scheduled instead of run. Without it those options are
 * refused, unless the command has a parameter of that name (then they are its
 * parameter); with it, such a parameter is given as `name=value`.
 */
export function takeScheduleOptions(
  words: readonly string[],
  command: CommandDefinition,
): { words: string[]; schedule?: ScheduleOptions } {
  const scheduled = words.some((_, index) => optionAt(words, index)?.name === "schedule");
  if (!scheduled) {
    for (let index = 0; index < words.length; index++) {
      const option = optionAt(words, index);
      if (option === undefined || command.parameters.has(option.name.replaceAll("-", "_"))) {
        continue;
      }
      throw usage(
        command,
        `--${option.name} goes with --schedule`,
        `Add --schedule "every 1h" (or "cron 0 6 * * *", "at 2030-01-01T08:00") to create a schedule.`,
      );
    }
    return { words: [...words] };
  }
  const rest: string[] = [];
  const taken: Partial<Record<keyof ScheduleOptions, string>> = {};
  for (let index = 0; index < words.length;) {
    const option = optionAt(words, index);
    if (option === undefined) {
      rest.push(words[index] ?? "");
      index += 1;
      continue;
    }
    const key = option.name === "schedule" ? "schedule" : SHAPING[option.name];
    if (key === undefined) throw new Error(`no schedule option --${option.name}`);
    if (option.value === undefined || option.value === "") {
      throw usage(command, `option '--${option.name}' needs a value`);
    }
    if (taken[key] !== undefined) throw usage(command, `option '--${option.name}' is given twice`);
    taken[key] = option.value;
    index = option.next;
  }
  const { schedule, ...shaping } = taken;
  if (schedule === undefined) throw new Error("--schedule was seen but not taken");
  return { words: rest, schedule: { schedule, ...shaping } };
}
