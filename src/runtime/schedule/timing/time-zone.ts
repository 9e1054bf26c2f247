import { ScheduleInvalid } from "../../../foundations/error-codes.js";
import { didYouMean } from "../../../foundations/suggest.js";

/** Valid names seen so far, mapped to their canonical spelling, so checks stay cheap. */
const resolved = new Map<string, string>();

/**
 * The canonical IANA name of a time zone (`europe/paris` -> `Europe/Paris`,
 * `US/Eastern` -> `America/New_York`), or CAIRN_SCHEDULE_INVALID with the closest known
 * names. Intl decides what is valid, so the answer matches what the conversions use.
 */
export function resolveTimeZone(name: string): string {
  const known = resolved.get(name);
  if (known !== undefined) return known;
  if (name.trim() === "") {
    throw ScheduleInvalid.create("a schedule needs a time zone, and it is empty", {
      hint: "Give an IANA name such as Europe/Paris, America/New_York or UTC.",
    });
  }
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    const names = [...Intl.supportedValuesOf("timeZone"), "UTC"];
    throw ScheduleInvalid.create(`unknown time zone '${name}'${didYouMean(name, names)}`, {
      hint: "Give an IANA name such as Europe/Paris, America/New_York or UTC.",
      details: { timezone: name },
    });
  }
  resolved.set(name, canonical);
  return canonical;
}
