import { KeyringInvalid } from "../../foundations/error-codes.js";
import { KEY_BYTES, KEY_ID, type KeyEntry } from "./keyring.js";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function keyMaterial(text: string, where: string, id: string): Buffer {
  const trimmed = text.trim();
  const key = BASE64.test(trimmed) ? Buffer.from(trimmed, "base64") : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw KeyringInvalid.create(`key '${id}' in ${where} is not ${KEY_BYTES} bytes of base64`, {
      hint: "A key is 32 random bytes in base64, such as the output of `openssl rand -base64 32`.",
    });
  }
  return key;
}

function checkId(id: string, where: string): void {
  if (!KEY_ID.test(id)) {
    throw KeyringInvalid.create(`'${id}' in ${where} is not a key id`, {
      hint: "A key id is letters, digits, '-' or '_' (at most 32), such as k1.",
    });
  }
}

function checkUnique(keys: readonly KeyEntry[], where: string): void {
  const seen = new Set<string>();
  for (const { id } of keys) {
    if (seen.has(id)) {
      throw KeyringInvalid.create(`key '${id}' appears twice in ${where}`, {
        hint: "Give each key its own id.",
      });
    }
    seen.add(id);
  }
}

/** CAIRN_KEYS: `k2:BASE64,k1:BASE64`, the first pair the active key. */
export function parseKeysText(text: string): { keys: KeyEntry[]; activeId: string } {
  const where = "CAIRN_KEYS";
  const keys = text
    .split(",")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "")
    .map((pair): KeyEntry => {
      const colon = pair.indexOf(":");
      if (colon < 0) {
        throw KeyringInvalid.create(`CAIRN_KEYS holds '${pair.slice(0, 12)}...', not ID:KEY`, {
          hint: "Write CAIRN_KEYS as ID:BASE64KEY pairs separated by commas, the active key first.",
        });
      }
      const id = pair.slice(0, colon).trim();
      checkId(id, where);
      return { id, key: keyMaterial(pair.slice(colon + 1), where, id) };
    });
  const first = keys[0];
  if (first === undefined) {
    throw KeyringInvalid.create("CAIRN_KEYS holds no key", {
      hint: "Write CAIRN_KEYS as ID:BASE64KEY pairs separated by commas, or unset it.",
    });
  }
  checkUnique(keys, where);
  return { keys, activeId: first.id };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The key file: `{"active": "k2", "keys": [{"id", "key", "created"}]}`. */
export function parseKeyFile(
  text: string,
  file: string,
): { keys: KeyEntry[]; activeId: string | undefined } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw KeyringInvalid.create(`the key file ${file} is not JSON`, {
      hint: "Restore it from your copy; `cairn keys create` writes a new one when none exists.",
      cause: error,
    });
  }
  const bad = (what: string) =>
    KeyringInvalid.create(`the key file ${file} ${what}`, {
      hint: 'It holds {"active": ID, "keys": [{"id": ID, "key": BASE64, "created": DATE}]}.',
    });
  if (!isRecord(parsed) || !Array.isArray(parsed.keys)) throw bad("has no 'keys' list");
  const keys = parsed.keys.map((entry: unknown): KeyEntry => {
    if (!isRecord(entry) || typeof entry.id !== "string" || typeof entry.key !== "string") {
      throw bad("holds a key without a string 'id' and 'key'");
    }
    checkId(entry.id, file);
    return {
      id: entry.id,
      key: keyMaterial(entry.key, file, entry.id),
      ...(typeof entry.created === "string" ? { created: entry.created } : {}),
    };
  });
  checkUnique(keys, file);
  const active = parsed.active;
  if (active !== undefined && active !== null) {
    if (typeof active !== "string" || !keys.some((k) => k.id === active)) {
      throw bad(`names active key ${JSON.stringify(active)}, which it does not hold`);
    }
    return { keys, activeId: active };
  }
  if (keys.length > 0) throw bad("names no active key");
  return { keys, activeId: undefined };
}
