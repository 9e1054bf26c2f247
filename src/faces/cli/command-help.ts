import type { CommandDefinition } from "../../spec/command-definition.js";
import type { ParameterDefinition } from "../../spec/parameter-definition.js";
import type { Colors } from "./cli-output.js";
import { bareParameter, FILTER_OPTION } from "./command-arguments.js";

/** Parameters written as options (`--order -date`), as the CLI contract shows them. */
const OPTION_STYLE = ["order", "limit", "offset", "fields"];

/**
 * `cairn <command> --help`, written from the command's spec so the help can never
 * disagree with what the command accepts.
 */
export function commandHelp(command: CommandDefinition, colors: Colors): string {
  const parameters = [...command.parameters.values()];
  const lines = [`${colors.bold("Usage:")} ${usage(command, parameters)}`, ""];
  if (command.help !== undefined) lines.push(command.help, "");
  const rows = parameters.map((p) => [syntax(command, p), typeText(p), details(p), p.help ?? ""]);
  if (command.acceptsFilters && !command.parameters.has(FILTER_OPTION)) {
    rows.push([
      `--${FILTER_OPTION} EXPR`,
      "string",
      "",
      "boolean filter: or(a__gt=1,and(b=2,c=3))",
    ]);
  }
  if (rows.length > 0) lines.push(colors.bold("Parameters:"), ...aligned(rows), "");
  if (command.acceptsFilters) {
    lines.push(
      colors.bold("Filters:"),
      "  path__op=value (ANDed), e.g. name__startswith=B temp__gte=20 station__number=03005",
      "",
    );
  }
  lines.push(
    colors.bold("Run options:"),
    command.background
      ? "  --local (run here; it is queued for a worker by default)  --async (print the id, exit)"
      : "  --queue[=NAME] (run on a worker, follow it here)  --async (queue it, print the id, exit)",
    "  --notify GROUPS (tell them how it ends)  --notify-fail GROUPS (tell them if it fails)",
    "  --schedule EXPR (create a schedule instead; with --timezone --begin --end --schedule-name --misfire --overlap)",
    "",
    colors.bold("Global options:"),
    "  --format table|json|csv  --project DIR  --no-color",
    "",
    colors.dim(`Parameters are name=value, flags --name, lists comma-separated (a,b,c).`),
  );
  return `${lines.join("\n")}\n`;
}

/** How a parameter is written: `KEY`, `--flag`, `--order VALUE` on lists, else `name=VALUE`. */
function syntax(command: CommandDefinition, parameter: ParameterDefinition): string {
  const option = `--${parameter.name.replaceAll("_", "-")}`;
  if (parameter.type === "flag") return option;
  if (parameter.name === bareParameter(command)) return parameter.name.toUpperCase();
  return isListOption(command, parameter.name)
    ? `${option} ${placeholder(parameter)}`
    : `${parameter.name}=${placeholder(parameter)}`;
}

function usage(command: CommandDefinition, parameters: readonly ParameterDefinition[]): string {
  const words = ["cairn", ...command.path];
  const bareName = bareParameter(command);
  const bare = bareName === undefined ? undefined : command.parameters.get(bareName);
  if (bare !== undefined) {
    words.push(bare.required ? bare.name.toUpperCase() : `[${bare.name.toUpperCase()}]`);
  }
  const named = parameters.filter(
    (p) => p.name !== bareName && p.type !== "flag" && !isListOption(command, p.name),
  );
  for (const p of named.filter((n) => n.required)) words.push(`${p.name}=${placeholder(p)}`);
  if (named.some((p) => !p.required)) words.push("[name=value ...]");
  if (command.acceptsFilters) words.push("[path__op=value ...]");
  if (parameters.some((p) => isListOption(command, p.name))) words.push("[--order ...]");
  if (parameters.some((p) => p.type === "flag")) words.push("[--flags]");
  return words.join(" ");
}

function isListOption(command: CommandDefinition, name: string): boolean {
  return command.acceptsFilters && OPTION_STYLE.includes(name);
}

function placeholder(parameter: ParameterDefinition): string {
  const base = parameter.type === "key" ? "KEY" : parameter.type.toUpperCase();
  return parameter.multiple ? `${base},...` : base;
}

function typeText(parameter: ParameterDefinition): string {
  const type =
    parameter.type === "key" && parameter.model !== undefined
      ? `${parameter.model} key`
      : parameter.type;
  return parameter.multiple ? `list of ${type}` : type;
}

function details(parameter: ParameterDefinition): string {
  const parts: string[] = [];
  if (parameter.required) parts.push("required");
  if (parameter.default !== undefined) parts.push(`default ${JSON.stringify(parameter.default)}`);
  if (parameter.choices !== undefined) {
    parts.push(`one of ${parameter.choices.map((c) => JSON.stringify(c)).join("|")}`);
  }
  if (parameter.min !== undefined) parts.push(`min ${parameter.min}`);
  if (parameter.max !== undefined) parts.push(`max ${parameter.max}`);
  if (parameter.maxLength !== undefined) parts.push(`max length ${parameter.maxLength}`);
  return parts.join(", ");
}

/** Rows of cells as space-aligned columns, trailing blanks trimmed. */
function aligned(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd(),
  );
}
