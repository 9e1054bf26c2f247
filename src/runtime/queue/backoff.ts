/**
 * The pause before attempt `attempt + 1`: `base` seconds doubled for each attempt so
 * far, times a random factor from 0.5 to 1.5 so failed runs do not come back in step.
 */
export function backoffMs(baseSeconds: number, attempt: number, random = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 20);
  return Math.round(baseSeconds * 1000 * 2 ** exponent * (0.5 + random()));
}

/** The queue a command's runs go to when neither the call nor the spec names one. */
export const DEFAULT_QUEUE = "default";
