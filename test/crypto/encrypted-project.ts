import { randomBytes } from "node:crypto";
import { KeyringFieldCipher } from "../../src/engines/crypto/index.js";
import type { CairnError } from "../../src/foundations/cairn-error.js";

/** Every field type, encrypted, beside the same fields in clear. */
export const ENCRYPTED_MODELS = `
models:
  owner:
    fields:
      name: {type: string, required: true}
      code: {type: string, encrypted: true, searchable: true}
  account:
    fields:
      name: {type: string, required: true}
      notes: {type: text, encrypted: true}
      count: {type: integer, encrypted: true, min: 0}
      big: {type: bigint, encrypted: true}
      ratio: {type: float, encrypted: true}
      price: {type: decimal, precision: 12, scale: 2, encrypted: true}
      done: {type: boolean, encrypted: true}
      day: {type: date, encrypted: true}
      at: {type: datetime, encrypted: true}
      clock: {type: time, encrypted: true}
      took: {type: duration, encrypted: true}
      attrs: {type: json, encrypted: true}
      ref: {type: uuid, encrypted: true}
      blob: {type: binary, encrypted: true}
      secret: {type: string, encrypted: true, searchable: true, required: true, default: none}
      plain: {type: string}
    relations:
      owner: {model: owner}
`;

/** Values of every type, each with text that must never be found in the database. */
export const ACCOUNT_VALUES = {
  notes: "zebra-notes ünïcode",
  count: 424242,
  big: "9007199254740993",
  ratio: 0.123456789,
  price: "98765.43",
  done: true,
  day: "2024-02-29",
  at: "2024-03-01T10:34:56.789Z",
  clock: "23:59:58",
  took: 5400,
  attrs: { marker: "walrus-json", list: [1, 2, { deep: null }] },
  ref: "6f1c2d1e-8b1a-4c3e-9a7b-1d2e3f4a5b6c",
  blob: Buffer.from("otter-bytes").toString("base64"),
  secret: "narwhal-secret",
} as const;

/** Strings a raw read of the database must not contain. */
export const PLAINTEXT_MARKERS = [
  "zebra-notes",
  "424242",
  "9007199254740993",
  "0.123456789",
  "98765.43",
  "2024-02-29",
  "2024-03-01",
  "23:59:58",
  "walrus-json",
  "6f1c2d1e",
  "otter-bytes",
  Buffer.from("otter-bytes").toString("base64"),
  "narwhal-secret",
  "owner-code-x",
];

export function newKey(id: string): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

/** A cipher over keys given as CAIRN_KEYS text (no key file). */
export function cipherOf(keysText: string): KeyringFieldCipher {
  return new KeyringFieldCipher({ keyFile: "/nonexistent/keys.json", keysText });
}

/** The error a promise is rejected with; fails the test when it resolves. */
export async function failure(work: Promise<unknown>): Promise<CairnError> {
  return work.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as CairnError,
  );
}
