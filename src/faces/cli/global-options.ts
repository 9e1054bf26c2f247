import { UsageInvalid } from "../../foundations/error-codes.js";

export const OUTPUT_FORMATS = ["table", "json", "csv"] as const;
/** `table` is for people; `json` and `csv` are for machines and keep stdout clean. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface GlobalOptions {
  readonly project?: string;
  readonly format: OutputFormat;
  readonly color: boolean;
}

export function parseFormat(value: string): OutputFormat {
  const format = OUTPUT_FORMATS.find((f) => f === value);
  if (format === undefined) {
    throw UsageInvalid.create(`--format ${value} is not a known format`, {
      hint: `Use one of: ${OUTPUT_FORMATS.join(", ")}.`,
    });
  }
  return format;
}

/**
 * Reads the global options before Commander sees the command line: the project decides
 * which commands exist, and the format and colours decide how even a usage error is
 * shown. Commander parses them again for help and validation.
 */
export function scanGlobalOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): GlobalOptions {
  let project: string | undefined;
  let format: OutputFormat = "table";
  let color = env.NO_COLOR === undefined || env.NO_COLOR === "";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") break;
    const [name, inline] = splitOption(arg);
    const value = (): string | undefined => inline ?? argv[++i];
    if (name === "--project") project = value();
    else if (name === "--format") format = parseFormat(value() ?? "");
    else if (name === "--no-color") color = false;
  }
  return { ...(project === undefined ? {} : { project }), format, color };
}

function splitOption(arg: string): [string, string | undefined] {
  const at = arg.indexOf("=");
  if (!arg.startsWith("--") || at < 0) return [arg, undefined];
  return [arg.slice(0, at), arg.slice(at + 1)];
}

/** The first word that is not a global option: the command's first word, if any. */
export function firstCommandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--project" || arg === "--format") {
      i++;
      continue;
    }
    if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}
