import { KeyMissing } from "../../foundations/error-codes.js";

/** Bytes of every key: AES-256. */
export const KEY_BYTES = 32;

/** One key of the keyring: its id, its material and when it was made. */
export interface KeyEntry {
  readonly id: string;
  readonly key: Buffer;
  /** ISO 8601; absent for keys given in CAIRN_KEYS, which carry no date. */
  readonly created?: string;
}

/** Where a keyring came from: the key file, CAIRN_KEYS, or nowhere (no key yet). */
export type KeyringSource = "file" | "env" | "none";

/**
 * The keys Cairn knows: one active key that encrypts, and older keys kept so what they
 * encrypted can still be read.
 */
export interface Keyring {
  readonly source: KeyringSource;
  /** The key file's path (also given when the keyring came from CAIRN_KEYS or nowhere). */
  readonly file: string;
  readonly keys: readonly KeyEntry[];
  /** The active key's id; undefined while the keyring is empty. */
  readonly activeId: string | undefined;
}

/** A key id: a letter or digit, then letters, digits, `-` or `_` (at most 32). */
export const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** The key with this id, or CAIRN_KEY_MISSING naming it and where keys come from. */
export function keyById(keyring: Keyring, id: string, purpose: string): KeyEntry {
  const entry = keyring.keys.find((k) => k.id === id);
  if (entry !== undefined) return entry;
  const where = keyring.source === "env" ? "CAIRN_KEYS" : `the key file ${keyring.file}`;
  throw KeyMissing.create(`${purpose} needs key '${id}', which is not in ${where}`, {
    hint: `Add key '${id}' to ${where} (copy it from where it was made), or use the keyring that holds it.`,
    details: { keyId: id },
  });
}

/** The active key, or CAIRN_KEY_MISSING when the keyring has none. */
export function activeKey(keyring: Keyring, purpose: string): KeyEntry {
  if (keyring.activeId === undefined) {
    throw KeyMissing.create(`${purpose} needs an active key, and the keyring has none`, {
      hint:
        keyring.source === "env"
          ? "Put an ID:BASE64KEY pair first in CAIRN_KEYS."
          : `Run 'cairn keys create' to make one (kept in ${keyring.file}).`,
    });
  }
  return keyById(keyring, keyring.activeId, purpose);
}
