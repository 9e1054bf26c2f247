import { UsageInvalid } from "../../foundations/error-codes.js";

export const OUTPUT_FORMATS = ["table", "json", "csv"] as const;
/** `table` is for people; `json` and `csv` are for machines and keep stdout clean. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * `--host NAME|URL` runs the command on a server. It counts only before the command's
 * words, where `cairn serve --host ADDRESS` and a command's own `host` parameter
 * cannot be meant.
 */
export const HOST_OPTION = "--host";

export interface GlobalOptions {
  readonly project?: string;
  /** `--host NAME|URL`: run the command on that server (before the command's words only). */
  readonly host?: string;
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
  let host: string | undefined;
  let format: OutputFormat = "table";
  let color = env.NO_COLOR === undefined || env.NO_COLOR === "";
  let beforeCommand = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") break;
    const [name, inline] = splitOption(arg);
    const value = (): string | undefined => inline ?? argv[++i];
    if (name === "--project") project = value();
    else if (name === "--format") format = parseFormat(value() ?? "");
    else if (name === "--no-color") color = false;
    else if (name === HOST_OPTION && beforeCommand) host = hostValue(value());
    else if (!arg.startsWith("-")) beforeCommand = false;
  }
  return {
    ...(project === undefined ? {} : { project }),
    ...(host === undefined ? {} : { host }),
    format,
    color,
  };
}

function hostValue(value: string | undefined): string {
  if (value === undefined || value === "" || value.startsWith("-")) {
    throw UsageInvalid.create("--host needs a host name or URL", {
      hint: "cairn --host NAME <command> (a host of cairn host list), or --host http://HOST:PORT.",
    });
  }
  return value;
}

/** The command line without `--host` and its value, for Commander, which does not know it. */
export function withoutHostOption(argv: readonly string[]): readonly string[] {
  const at = argv.findIndex(
    (arg, i) =>
      (arg === HOST_OPTION || arg.startsWith(`${HOST_OPTION}=`)) && i < commandWordIndex(argv),
  );
  if (at < 0) return argv;
  const length = argv[at] === HOST_OPTION ? 2 : 1;
  return [...argv.slice(0, at), ...argv.slice(at + length)];
}

function splitOption(arg: string): [string, string | undefined] {
  const at = arg.indexOf("=");
  if (!arg.startsWith("--") || at < 0) return [arg, undefined];
  return [arg.slice(0, at), arg.slice(at + 1)];
}

/** The first word that is not a global option: the command's first word, if any. */
export function firstCommandWord(argv: readonly string[]): string | undefined {
  return argv[commandWordIndex(argv)];
}

/** The word after the first command word (`rotate` in `cairn keys rotate`), if any. */
export function secondCommandWord(argv: readonly string[]): string | undefined {
  const next = argv[commandWordIndex(argv) + 1];
  return next === undefined || next.startsWith("-") ? undefined : next;
}

/** The index of the command's first word, or the length of argv when there is none. */
function commandWordIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--project" || arg === "--format" || arg === HOST_OPTION) {
      i++;
      continue;
    }
    if (!arg.startsWith("-")) return i;
  }
  return argv.length;
}
