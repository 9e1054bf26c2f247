import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, closeSync, writeSync, fsyncSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { KeyInUse, KeyMissing, KeysReadOnly } from "../../foundations/error-codes.js";
import { KEY_BYTES, type KeyEntry, type Keyring } from "./keyring.js";
import { loadKeyring, type KeyringSources } from "./load-keyring.js";

/**
 * Replaces the key file: written 0600 (in a 0700 directory when that is created) to a
 * temporary file that is flushed and renamed over the old one, so a crash leaves the
 * old keys or the new ones, never half of either.
 */
export function writeKeyFile(file: string, keys: readonly KeyEntry[], activeId: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(
    {
      active: activeId,
      keys: keys.map((k) => ({
        id: k.id,
        key: k.key.toString("base64"),
        ...(k.created === undefined ? {} : { created: k.created }),
      })),
    },
    null,
    2,
  )}\n`;
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The key file's keyring, refusing CAIRN_KEYS, whose keys are managed where it is set. */
function fileKeyring(sources: KeyringSources, action: string): Keyring {
  const keyring = loadKeyring(sources);
  if (keyring.source === "env") {
    throw KeysReadOnly.create(`cannot ${action}: the keys come from CAIRN_KEYS`, {
      hint: "Change CAIRN_KEYS where it is set, or unset it to use the key file.",
    });
  }
  return keyring;
}

/** The next free id of the form `kN`. */
function nextId(keys: readonly KeyEntry[]): string {
  const numbers = keys.map((k) => /^k(\d+)$/.exec(k.id)?.[1]).map(Number);
  const highest = Math.max(0, ...numbers.filter((n) => Number.isSafeInteger(n)));
  return `k${String(highest + 1)}`;
}

/** Adds a fresh random key; it becomes active when it is the first or `activate` is set. */
export function createKey(
  sources: KeyringSources,
  options: { readonly activate?: boolean; readonly now?: Date } = {},
): { key: KeyEntry; active: boolean } {
  const keyring = fileKeyring(sources, "create a key");
  const key: KeyEntry = {
    id: nextId(keyring.keys),
    key: randomBytes(KEY_BYTES),
    created: (options.now ?? new Date()).toISOString(),
  };
  const activeId = options.activate === true ? key.id : (keyring.activeId ?? key.id);
  writeKeyFile(keyring.file, [...keyring.keys, key], activeId);
  return { key, active: activeId === key.id };
}

/** CAIRN_KEY_MISSING unless the key file holds key `id`. */
function requireKey(keyring: Keyring, id: string): void {
  if (keyring.keys.some((k) => k.id === id)) return;
  throw KeyMissing.create(`the key file ${keyring.file} holds no key '${id}'`, {
    hint: `Run 'cairn keys list' for the ids it holds.`,
    details: { keyId: id },
  });
}

/** Makes the key `id` the one new data is encrypted with. */
export function activateKey(sources: KeyringSources, id: string): void {
  const keyring = fileKeyring(sources, "activate a key");
  requireKey(keyring, id);
  writeKeyFile(keyring.file, keyring.keys, id);
}

/**
 * Removes key `id` from the key file. The caller has checked that no stored value
 * still needs it (`cairn keys retire`); the active key is never removed.
 */
export function removeKey(sources: KeyringSources, id: string): void {
  const keyring = fileKeyring(sources, "retire a key");
  requireKey(keyring, id);
  if (keyring.activeId === id) {
    throw KeyInUse.create(`key '${id}' is the active key`, {
      hint: "Create and activate another key, run 'cairn keys rotate', then retire this one.",
      details: { keyId: id },
    });
  }
  writeKeyFile(
    keyring.file,
    keyring.keys.filter((k) => k.id !== id),
    keyring.activeId ?? "",
  );
}
