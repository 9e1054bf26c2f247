import { createHash, randomBytes } from "node:crypto";

/** Every token starts so, which lets secret scanners and people recognise one. */
export const TOKEN_PREFIX = "cairn_";

/** A new token: 256 random bits, URL-safe. Shown once; only its hash is kept. */
export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * The stored form of a token: its SHA-256, hex. A slow password hash guards guessable
 * secrets; a token has 256 random bits, so a fast hash is as safe and lets a request
 * find its token by an indexed equality lookup.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The part of a token kept in clear, so a user can tell their tokens apart. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 8);
}
