import { ParameterInvalid } from "../../foundations/error-codes.js";

/** The reserved parameter: how many seconds a start may wait for its command's lock. */
export const LOCK_WAIT = "_lock_wait";

export interface LockWait {
  /** The parameters without `_lock_wait`, for validation and recording. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly waitMs: number;
}

function seconds(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  return undefined;
}

/**
 * Takes `_lock_wait` (a number of seconds, or its text, from any face) out of the
 * parameters; CAIRN_PARAMETER_INVALID when it is not a number of at least 0.
 */
export function takeLockWait(command: string, raw: Readonly<Record<string, unknown>>): LockWait {
  if (!(LOCK_WAIT in raw)) return { parameters: raw, waitMs: 0 };
  const { [LOCK_WAIT]: given, ...parameters } = raw;
  if (given === undefined || given === null) return { parameters, waitMs: 0 };
  const wait = seconds(given);
  if (wait === undefined) {
    const problem = `expected a number of seconds of at least 0, got ${JSON.stringify(given)}`;
    throw ParameterInvalid.create(`${command}: parameter '${LOCK_WAIT}': ${problem}`, {
      hint: `Give ${LOCK_WAIT}=SECONDS, how long to wait for the command's lock.`,
      details: { problems: [{ parameter: LOCK_WAIT, problem }] },
    });
  }
  return { parameters, waitMs: Math.round(wait * 1000) };
}
