import type { Runtime } from "../../../runtime/runtime.js";

/**
 * The keyring check a server or worker makes before it takes work (a missing or wrong
 * key fails the start, naming its id, rather than a request later); a failed check
 * closes the runtime it was given.
 */
export async function checkKeysOrClose(runtime: Runtime): Promise<void> {
  try {
    await runtime.checkKeys();
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
