import { statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { KeyringSources } from "./load-keyring.js";

/**
 * How long after a key file changes every running process has re-read it: servers and
 * workers look at the file at most once a second (see KeyringFieldCipher), so twice
 * that leaves a margin.
 */
export const KEYRING_SETTLE_MS = 2000;

/**
 * Waits until the key file has been unchanged for KEYRING_SETTLE_MS, so every running
 * process writes with the newly active key and can find rows by its hashes before a
 * rotation moves values to it. Answers the milliseconds waited (0 for CAIRN_KEYS, whose
 * processes are restarted with new keys rather than re-reading them).
 */
export async function keyringSettled(
  sources: KeyringSources,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<number> {
  if (sources.keysText !== undefined && sources.keysText.trim() !== "") return 0;
  let changed: number;
  try {
    changed = statSync(sources.keyFile).mtimeMs;
  } catch {
    return 0;
  }
  const wait = Math.ceil(changed + KEYRING_SETTLE_MS - now());
  if (wait <= 0) return 0;
  await sleep(wait, undefined, { signal });
  return wait;
}
