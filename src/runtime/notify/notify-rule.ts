/**
 * Which ends of a run are told to whom. A subscription (`notification` row) tells its
 * groups of `success`, `failure` or `both`; a run's own `--notify` groups hear of any
 * end, its `--notify-fail` groups of failures only. `failed` and `lost` are failures;
 * an `aborted` run was stopped on purpose, and is told to nobody.
 */
export const NOTIFY_ON = ["success", "failure", "both"] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

/** The command whose runs deliver notifications; never notified about itself. */
export const SEND_COMMAND = "notification send";
/** Its built-in's name. */
export const SEND_BUILTIN = "notification.send";

/** What an end counts as: undefined for ends told to nobody (aborted, or not final). */
export type EndKind = "success" | "failure";

export function endKind(status: unknown): EndKind | undefined {
  if (status === "success") return "success";
  if (status === "failed" || status === "lost") return "failure";
  return undefined;
}

/** Whether a subscription with `on` tells of an end of `kind`. */
export function tells(on: unknown, kind: EndKind): boolean {
  return on === "both" || on === kind;
}

/**
 * A run's own groups as stored in `execution.notify`: `both` hear of any end, `failure`
 * of failures only.
 */
export interface RunNotify {
  readonly both: readonly string[];
  readonly failure: readonly string[];
}

function names(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/** `execution.notify` as stored (JSON, perhaps null) read back defensively. */
export function runNotifyOf(value: unknown): RunNotify {
  if (typeof value !== "object" || value === null) return { both: [], failure: [] };
  const record = value as Readonly<Record<string, unknown>>;
  return { both: names(record.both), failure: names(record.failure) };
}

/** The run's own groups told of an end of `kind`. */
export function runGroups(run: RunNotify, kind: EndKind): string[] {
  return [...run.both, ...(kind === "failure" ? run.failure : [])];
}

/** Every group told of an end of `kind`, each once, in order of first mention. */
export function groupsTold(
  subscription: { readonly on: unknown; readonly groups: readonly string[] } | undefined,
  run: RunNotify,
  kind: EndKind,
): string[] {
  const subscribed = subscription !== undefined && tells(subscription.on, kind);
  return [...new Set([...(subscribed ? subscription.groups : []), ...runGroups(run, kind)])];
}
