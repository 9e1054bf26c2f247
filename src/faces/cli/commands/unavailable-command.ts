import { NotAvailable } from "../../../foundations/error-codes.js";

/**
 * `cairn worker` and `cairn scheduler` belong to the CLI contract but need the
 * distributed executor and the scheduler, which later releases bring. Say so plainly
 * rather than pretend to run.
 */
export function unavailable(name: "worker" | "scheduler"): never {
  const feature = name === "worker" ? "distributed workers" : "the scheduler";
  throw NotAvailable.create(`cairn ${name} is not available yet: arrives with ${feature}`, {
    hint: "Until then the CLI runs commands in-process (`cairn <command>`).",
  });
}
