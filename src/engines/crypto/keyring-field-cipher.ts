import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomFillSync,
} from "node:crypto";
import { statSync } from "node:fs";
import type { JsonValue } from "../../spec/field-types.js";
import { FieldUnreadable } from "../../foundations/error-codes.js";
import { parseSealed, type FieldCipher } from "../storage/records/field-cipher.js";
import { activeKey, keyById, type Keyring } from "./keyring.js";
import { loadKeyring, type KeyringSources } from "./load-keyring.js";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/**
 * How often a file keyring is checked for changes (a rotation run elsewhere adds keys);
 * KEYRING_SETTLE_MS, which a rotation waits, must stay above it.
 */
const RECHECK_MS = 1000;

/** Nonces drawn at a time: one CSPRNG call per 512 seals rather than one per seal. */
const NONCE_POOL_BYTES = NONCE_BYTES * 512;

interface FieldKeys {
  readonly seal: Buffer;
  readonly hash: Buffer;
}

/** Separate keys for sealing and hashing, derived from one keyring key. */
function deriveKeys(key: Buffer): FieldKeys {
  const derive = (info: string) =>
    Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), info, key.length));
  return { seal: derive("cairn field seal v1"), hash: derive("cairn field hash v1") };
}

/** What a sealed value is bound to: its model, field and row. */
function associatedData(model: string, field: string, id: number): Buffer {
  return Buffer.from(`${model}\u0000${field}\u0000${String(id)}`, "utf8");
}

/**
 * Field encryption under the keyring: AES-256-GCM with a random 96-bit nonce, the
 * model, field and row id as associated data, stored as `KEYID:BASE64(nonce|ct|tag)`;
 * searchable values also get HMAC-SHA256 under a hash key derived from the same
 * keyring key. A file keyring is re-read when the file changes, so a long-running
 * server opens values a rotation sealed under a key it did not have at start.
 */
export class KeyringFieldCipher implements FieldCipher {
  readonly #sources: KeyringSources;
  #keyring: Keyring;
  #derived = new Map<string, FieldKeys>();
  #checkedAt = 0;
  #stamp: string;
  #nonces = Buffer.alloc(0);
  #nonceOffset = 0;

  constructor(sources: KeyringSources, keyring: Keyring = loadKeyring(sources)) {
    this.#sources = sources;
    this.#keyring = keyring;
    this.#stamp = this.#fileStamp();
    this.#checkedAt = Date.now();
  }

  get keyring(): Keyring {
    this.#refresh(false);
    return this.#keyring;
  }

  activeKeyId(): string {
    return activeKey(this.keyring, "an encrypted field").id;
  }

  keyIds(): readonly string[] {
    return this.keyring.keys.map((k) => k.id);
  }

  seal(model: string, field: string, id: number, value: JsonValue): string {
    const keyId = this.activeKeyId();
    const nonce = this.#nonce();
    const cipher = createCipheriv("aes-256-gcm", this.#keys(keyId).seal, nonce);
    cipher.setAAD(associatedData(model, field, id));
    const body = Buffer.concat([
      nonce,
      cipher.update(JSON.stringify(value), "utf8"),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${keyId}:${body.toString("base64")}`;
  }

  open(model: string, field: string, id: number, sealed: string): JsonValue {
    const where = () => `${model}.${field} of row ${String(id)}`;
    const parsed = parseSealed(sealed);
    if (parsed === undefined) {
      throw FieldUnreadable.create(`${where()} holds a value that was never encrypted`, {
        hint: "Values stored before the field was marked 'encrypted' are sealed by 'cairn keys rotate'.",
        details: { model, field, id },
      });
    }
    const { keyId, body: text } = parsed;
    let keys = this.#derived.get(keyId);
    if (keys === undefined) {
      if (!this.#keyring.keys.some((k) => k.id === keyId)) this.#refresh(true);
      keys = this.#keys(keyId);
    }
    const body = Buffer.from(text, "base64");
    try {
      if (body.length < NONCE_BYTES + TAG_BYTES) throw new Error("too short");
      const decipher = createDecipheriv("aes-256-gcm", keys.seal, body.subarray(0, NONCE_BYTES));
      decipher.setAAD(associatedData(model, field, id));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      // GCM yields everything from update(); final() only checks the tag.
      const plain = decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES));
      decipher.final();
      return JSON.parse(plain.toString("utf8")) as JsonValue;
    } catch (error) {
      throw FieldUnreadable.create(
        `${where()} does not decrypt under key '${keyId}': it was changed or copied from another row or field, or key '${keyId}' is not the key that sealed it`,
        {
          hint: "Restore the row from a backup, or use the keyring the value was sealed with.",
          details: { model, field, id, keyId },
          cause: error,
        },
      );
    }
  }

  hash(model: string, field: string, value: JsonValue): string {
    return this.#hashWith(this.activeKeyId(), model, field, value);
  }

  hashes(model: string, field: string, value: JsonValue): readonly string[] {
    const active = this.activeKeyId();
    const others = this.keyIds().filter((id) => id !== active);
    return [active, ...others].map((id) => this.#hashWith(id, model, field, value));
  }

  /**
   * A fresh random 96-bit nonce, cut from a pool filled by the CSPRNG (filling it per
   * seal costs as much as the encryption itself). Each nonce is used once: the pool is
   * refilled, never reused, when it runs out.
   */
  #nonce(): Buffer {
    if (this.#nonceOffset + NONCE_BYTES > this.#nonces.length) {
      this.#nonces = randomFillSync(Buffer.allocUnsafe(NONCE_POOL_BYTES));
      this.#nonceOffset = 0;
    }
    const nonce = this.#nonces.subarray(this.#nonceOffset, this.#nonceOffset + NONCE_BYTES);
    this.#nonceOffset += NONCE_BYTES;
    return nonce;
  }

  #hashWith(keyId: string, model: string, field: string, value: JsonValue): string {
    return createHmac("sha256", this.#keys(keyId).hash)
      .update(`${model}\u0000${field}\u0000${JSON.stringify(value)}`, "utf8")
      .digest("hex");
  }

  #keys(keyId: string): FieldKeys {
    let keys = this.#derived.get(keyId);
    if (keys === undefined) {
      keys = deriveKeys(keyById(this.#keyring, keyId, "an encrypted field").key);
      this.#derived.set(keyId, keys);
    }
    return keys;
  }

  /** The key file's size and modification time, or "" for CAIRN_KEYS and a missing file. */
  #fileStamp(): string {
    if (this.#keyring.source === "env") return "";
    try {
      const stat = statSync(this.#sources.keyFile);
      return `${String(stat.mtimeMs)}:${String(stat.size)}`;
    } catch {
      return "";
    }
  }

  /**
   * Re-reads a file keyring that changed (at most once a second, or now when `force`).
   * A file that cannot be read keeps the keys already loaded: a request never fails
   * because the file is being replaced.
   */
  #refresh(force: boolean): void {
    if (this.#keyring.source === "env") return;
    const now = Date.now();
    if (!force && now - this.#checkedAt < RECHECK_MS) return;
    this.#checkedAt = now;
    const stamp = this.#fileStamp();
    if (stamp === this.#stamp) return;
    try {
      this.#keyring = loadKeyring(this.#sources);
      this.#derived = new Map();
      this.#stamp = stamp;
    } catch (error) {
      process.emitWarning(`keeping the loaded keys: ${String(error)}`);
    }
  }
}
