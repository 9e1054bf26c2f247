import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { BackupInvalid, KeyWrong } from "../../foundations/error-codes.js";

/** The first bytes of every backup file. */
export const BACKUP_MAGIC = Buffer.from("CAIRNBAK", "ascii");
export const BACKUP_FORMAT = 1;
/** Plaintext bytes per encrypted chunk (the last one may hold fewer). */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;

/** What a backup says about itself, readable before any chunk is decrypted. */
export interface BackupHeader {
  readonly format: number;
  readonly keyId: string;
  /** The project's name and version (cairn.yml). */
  readonly project: string;
  readonly version: string;
  /** The fingerprint of the schema the rows were read from. */
  readonly schema: string;
  /** ISO 8601. */
  readonly created: string;
  readonly chunkSize: number;
  /** base64: per-file salt of the key derivation, nonce prefix, key check value. */
  readonly salt: string;
  readonly nonce: string;
  readonly check: string;
}

export type BackupFacts = Pick<BackupHeader, "project" | "version" | "schema" | "created">;

/** The file key: HKDF-SHA256 of the keyring's key with the file's own salt. */
export function fileKey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", key, salt, "cairn backup v1", 32));
}

function keyCheck(key: Buffer): Buffer {
  return createHmac("sha256", key).update("cairn backup key check").digest().subarray(0, 16);
}

/** A fresh header for `keyId`, with the file key it implies. */
export function newHeader(
  facts: BackupFacts,
  keyId: string,
  key: Buffer,
  chunkSize: number,
): { header: BackupHeader; key: Buffer } {
  const salt = randomBytes(16);
  const derived = fileKey(key, salt);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    keyId,
    ...facts,
    chunkSize,
    salt: salt.toString("base64"),
    nonce: randomBytes(8).toString("base64"),
    check: keyCheck(derived).toString("base64"),
  };
  return { header, key: derived };
}

/** Magic, a 4-byte big-endian length, then the header as JSON. */
export function encodeHeader(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([BACKUP_MAGIC, length, json]);
}

/** Bytes a header occupies given the first 12 bytes of a file; throws on a non-backup. */
export function headerLength(prefix: Buffer, name: string): number {
  if (!prefix.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) {
    throw BackupInvalid.create(`${name} is not a Cairn backup`, {
      hint: "Give a file that `cairn db backup` wrote.",
    });
  }
  const length = prefix.readUInt32BE(BACKUP_MAGIC.length);
  if (length > MAX_HEADER_BYTES) throw damaged(name, "its header");
  return BACKUP_MAGIC.length + 4 + length;
}

export function damaged(name: string, where: string) {
  return BackupInvalid.create(`${name} was changed or damaged: ${where} does not check out`, {
    hint: "Nothing was restored. Use an intact copy of the backup.",
  });
}

function isHeader(value: unknown): value is BackupHeader {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    ["keyId", "project", "version", "schema", "created", "salt", "nonce", "check"].every(
      (k) => typeof v[k] === "string",
    ) &&
    typeof v.format === "number" &&
    typeof v.chunkSize === "number"
  );
}

/** Reads a whole header (magic and length included). */
export function decodeHeader(bytes: Buffer, name: string): BackupHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.subarray(BACKUP_MAGIC.length + 4).toString("utf8"));
  } catch {
    throw damaged(name, "its header");
  }
  if (!isHeader(parsed)) throw damaged(name, "its header");
  if (parsed.format !== BACKUP_FORMAT) {
    throw BackupInvalid.create(`${name} has backup format ${parsed.format}, not ${BACKUP_FORMAT}`, {
      hint: "Restore it with the Cairn release that wrote it.",
    });
  }
  if (
    !Number.isInteger(parsed.chunkSize) ||
    parsed.chunkSize < 1 ||
    parsed.chunkSize > MAX_CHUNK_SIZE
  ) {
    throw damaged(name, "its header");
  }
  return parsed;
}

/** The file key of `header`, or CAIRN_KEY_WRONG naming the key when it does not fit. */
export function openHeader(header: BackupHeader, key: Buffer, name: string): Buffer {
  const derived = fileKey(key, Buffer.from(header.salt, "base64"));
  const check = Buffer.from(header.check, "base64");
  const expected = keyCheck(derived);
  if (check.length !== expected.length || !timingSafeEqual(check, expected)) {
    throw KeyWrong.create(
      `key '${header.keyId}' of the keyring is not the key '${header.keyId}' that encrypted ${name}`,
      {
        hint: `Use the keyring that made the backup: its key '${header.keyId}' has other material.`,
        details: { keyId: header.keyId },
      },
    );
  }
  return derived;
}

/** What every chunk authenticates besides itself: the header, its index, whether last. */
export function chunkAad(headerDigest: Buffer, index: number, last: boolean): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index);
  tail.writeUInt8(last ? 1 : 0, 4);
  return Buffer.concat([headerDigest, tail]);
}

export function headerDigest(headerBytes: Buffer): Buffer {
  return createHash("sha256").update(headerBytes).digest();
}

/** The 12-byte GCM nonce of chunk `index`: the file's 8-byte prefix, then the index. */
export function chunkIv(nonce: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(12);
  nonce.copy(iv, 0, 0, 8);
  iv.writeUInt32BE(index, 8);
  return iv;
}
