import { ScheduleInvalid } from "../../../foundations/error-codes.js";
import { didYouMean } from "../../../foundations/suggest.js";

/**
 * What a scheduler does when a fire comes while the schedule's previous run still runs:
 * `allow` starts another run beside it, `skip` drops the new fire, `queue` starts it when
 * the previous run ends.
 */
export type OverlapPolicy = "allow" | "skip" | "queue";

export const OVERLAP_POLICIES: readonly OverlapPolicy[] = ["allow", "skip", "queue"];

const isOverlapPolicy = (text: string): text is OverlapPolicy =>
  (OVERLAP_POLICIES as readonly string[]).includes(text);

/** Reads `allow`, `skip` or `queue`. */
export function parseOverlapPolicy(text: string): OverlapPolicy {
  const trimmed = text.trim();
  if (isOverlapPolicy(trimmed)) return trimmed;
  throw ScheduleInvalid.create(
    `unknown overlap policy '${trimmed}'${didYouMean(trimmed, OVERLAP_POLICIES)}`,
    { hint: "Use allow, skip or queue." },
  );
}
