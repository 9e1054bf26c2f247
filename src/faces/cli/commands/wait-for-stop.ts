import type { CliIo } from "../cli-io.js";

/** Resolves with the first SIGINT or SIGTERM: how `serve` and `worker` learn to shut down. */
export function waitForStop(io: CliIo): Promise<"SIGINT" | "SIGTERM"> {
  return new Promise((resolve) => {
    const signals = io.signals;
    if (signals === undefined) return;
    const stop = (signal: "SIGINT" | "SIGTERM") => () => {
      signals.off("SIGINT", onInt);
      signals.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = stop("SIGINT");
    const onTerm = stop("SIGTERM");
    signals.on("SIGINT", onInt);
    signals.on("SIGTERM", onTerm);
  });
}
