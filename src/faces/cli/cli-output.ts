import pc from "picocolors";
import type { CliIo, TextSink } from "./cli-io.js";
import type { GlobalOptions, OutputFormat } from "./global-options.js";

/** picocolors' formatters, enabled or not. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Where and how the CLI writes, decided once from the io and the global options. */
export interface CliOutput {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly colors: Colors;
  readonly isTTY: boolean;
  readonly format: OutputFormat;
}

/** Colours only on a terminal, unless `--no-color` or NO_COLOR says no or FORCE_COLOR yes. */
export function createOutput(io: CliIo, globals: GlobalOptions): CliOutput {
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0";
  const enabled = globals.color && (io.isTTY || forced);
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    colors: pc.createColors(enabled),
    isTTY: io.isTTY,
    format: globals.format,
  };
}
