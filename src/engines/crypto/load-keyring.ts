import { readFileSync, statSync } from "node:fs";
import { KeyFileInsecure, KeyringInvalid } from "../../foundations/error-codes.js";
import type { Keyring } from "./keyring.js";
import { parseKeyFile, parseKeysText } from "./parse-keys.js";

export interface KeyringSources {
  /** The key file's path. */
  readonly keyFile: string;
  /** CAIRN_KEYS, which wins over the file when given. */
  readonly keysText?: string | undefined;
}

/**
 * Refuses a key file that group or others may read or write: keys are as secret as
 * the data they protect. (Windows has no such mode bits; there the check is skipped.)
 */
export function checkKeyFileMode(file: string, mode: number): void {
  if (process.platform === "win32" || (mode & 0o077) === 0) return;
  throw KeyFileInsecure.create(
    `the key file ${file} may be used by other users (mode ${(mode & 0o777).toString(8).padStart(3, "0")})`,
    { hint: `Run 'chmod 600 ${file}', then try again.`, details: { file } },
  );
}

/** Reads the keyring: CAIRN_KEYS when set, else the key file, else an empty keyring. */
export function loadKeyring(sources: KeyringSources): Keyring {
  const file = sources.keyFile;
  if (sources.keysText !== undefined && sources.keysText.trim() !== "") {
    return { source: "env", file, ...parseKeysText(sources.keysText) };
  }
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { source: "none", file, keys: [], activeId: undefined };
    }
    throw KeyringInvalid.create(`cannot read the key file ${file}`, { cause: error });
  }
  checkKeyFileMode(file, mode);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw KeyringInvalid.create(`cannot read the key file ${file}`, { cause: error });
  }
  return { source: "file", file, ...parseKeyFile(text, file) };
}
