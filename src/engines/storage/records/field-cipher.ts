import type { JsonValue } from "../../../spec/field-types.js";
import { KeyMissing } from "../../../foundations/error-codes.js";

/**
 * What the store needs to keep `encrypted` fields sealed. A sealed value is bound to
 * its model, field and row id, so a ciphertext copied to another row or field does not
 * open. The keyring behind it lives in engines/crypto; the store only sees this.
 */
export interface FieldCipher {
  /** The id of the key new values are sealed with; throws CAIRN_KEY_MISSING when there is none. */
  activeKeyId(): string;
  /** Every key id the cipher can open. */
  keyIds(): readonly string[];
  seal(model: string, field: string, id: number, value: JsonValue): string;
  open(model: string, field: string, id: number, sealed: string): JsonValue;
  /** The keyed hash of a `searchable` value under the active key. */
  hash(model: string, field: string, value: JsonValue): string;
  /** The value's hash under every key, for equality filters while keys rotate. */
  hashes(model: string, field: string, value: JsonValue): readonly string[];
}

const SEALED = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}:[A-Za-z0-9+/]+={0,2}$/;

/** A stored sealed value split into its key id and base64 body; undefined for other text. */
export function parseSealed(text: string): { keyId: string; body: string } | undefined {
  if (!SEALED.test(text)) return undefined;
  const colon = text.indexOf(":");
  return { keyId: text.slice(0, colon), body: text.slice(colon + 1) };
}

function noKey(): never {
  throw KeyMissing.create("encrypted fields need a key, and the keyring has none", {
    hint: "Run 'cairn keys create' (or set CAIRN_KEYS) before reading or writing encrypted fields.",
  });
}

/** The cipher of a store opened without a keyring: every use names the missing key. */
export const NO_CIPHER: FieldCipher = Object.freeze({
  activeKeyId: noKey,
  keyIds: () => [],
  seal: noKey,
  open: noKey,
  hash: noKey,
  hashes: noKey,
});
