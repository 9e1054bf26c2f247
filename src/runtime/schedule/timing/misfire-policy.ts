import { ScheduleInvalid } from "../../../foundations/error-codes.js";
import { didYouMean } from "../../../foundations/suggest.js";

/**
 * What a scheduler does with fire instants it finds too late (see dueInstants):
 * `skip` drops them, `run_once` fires once for all of them, `catch_up` fires each of
 * them, at most the last `limit`.
 */
export type MisfirePolicy =
  | { readonly kind: "skip" }
  | { readonly kind: "run_once" }
  | { readonly kind: "catch_up"; readonly limit: number };

export const DEFAULT_MISFIRE_POLICY: MisfirePolicy = { kind: "run_once" };
/** The limit of a bare `catch_up`. */
export const DEFAULT_CATCH_UP_LIMIT = 10;
/** The largest limit taken, so that one late scheduler cannot start a flood of runs. */
export const MAX_CATCH_UP_LIMIT = 1000;

const NAMES = ["skip", "run_once", "catch_up"] as const;
const HINT = `Use skip, run_once, catch_up (the last ${DEFAULT_CATCH_UP_LIMIT}) or catch_up:N with N from 1 to ${MAX_CATCH_UP_LIMIT}.`;

/** Reads `skip`, `run_once`, `catch_up` or `catch_up:N`. */
export function parseMisfirePolicy(text: string): MisfirePolicy {
  const trimmed = text.trim();
  if (trimmed === "skip" || trimmed === "run_once") return { kind: trimmed };
  if (trimmed === "catch_up") return { kind: "catch_up", limit: DEFAULT_CATCH_UP_LIMIT };
  if (trimmed.startsWith("catch_up:")) {
    const limit = trimmed.slice("catch_up:".length);
    if (!/^\d+$/.test(limit)) {
      throw ScheduleInvalid.create(
        `the catch-up limit '${limit}' in misfire policy '${trimmed}' is not a whole number`,
        { hint: HINT },
      );
    }
    const value = Number(limit);
    if (value === 0) {
      throw ScheduleInvalid.create(`misfire policy '${trimmed}' would fire nothing`, {
        hint: "Use skip to drop late fires, or a limit of 1 or more.",
      });
    }
    if (value > MAX_CATCH_UP_LIMIT) {
      throw ScheduleInvalid.create(
        `the catch-up limit ${limit} in misfire policy '${trimmed}' is above ${MAX_CATCH_UP_LIMIT}`,
        { hint: HINT },
      );
    }
    return { kind: "catch_up", limit: value };
  }
  const word = trimmed.split(":")[0] ?? trimmed;
  throw ScheduleInvalid.create(`unknown misfire policy '${trimmed}'${didYouMean(word, NAMES)}`, {
    hint: HINT,
  });
}

/** The text parseMisfirePolicy reads back to the same policy, for storage and listings. */
export function formatMisfirePolicy(policy: MisfirePolicy): string {
  switch (policy.kind) {
    case "skip":
    case "run_once":
      return policy.kind;
    case "catch_up":
      return `catch_up:${policy.limit}`;
  }
}
