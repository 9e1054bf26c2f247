import { createHmac, timingSafeEqual } from "node:crypto";

/** The header carrying `sha256=<hex>`. */
export const SIGNATURE_HEADER = "x-cairn-signature";
/** The header carrying the Unix time (seconds) the signature covers. */
export const TIMESTAMP_HEADER = "x-cairn-timestamp";

/**
 * `sha256=` and the hex HMAC-SHA256, keyed by the webhook's secret, of the timestamp, a
 * dot and the raw body: the timestamp is signed with the body, so a receiver that
 * refuses old timestamps cannot be replayed an old delivery under a new time.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret)
    .update(`${String(timestamp)}.${body}`)
    .digest("hex");
  return `sha256=${mac}`;
}

/** Whether `signature` is the one `signWebhook` gives (compared in constant time). */
export function verifyWebhook(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
