import { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./webhook-signature.js";

/** One POST of a JSON document to a webhook's URL. */
export interface WebhookDelivery {
  readonly url: string;
  /** Signs the body when given (see signWebhook); without one the POST is unsigned. */
  readonly secret?: string | undefined;
  /** The JSON text, sent as is (the signature covers these exact bytes). */
  readonly body: string;
  /** The same on every retry of one notification, so a receiver can drop repeats. */
  readonly delivery: string;
  readonly timeoutMs?: number;
}

/** How the receiver answered a POST it did not take (not 2xx). */
export class WebhookRefused extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly answer: string,
  ) {
    super(`${url} answered ${String(status)}${answer === "" ? "" : `: ${answer}`}`);
    this.name = "WebhookRefused";
  }
}

/** How much of a refusal's body goes into the error. */
const ANSWER_CHARS = 200;

/**
 * POSTs the body with `X-Cairn-Timestamp`, `X-Cairn-Signature` (with a secret) and
 * `X-Cairn-Delivery`; answers the status of a 2xx answer. Rejects with WebhookRefused
 * for any other status (redirects are not followed), or with the network error or
 * timeout (default 10 s).
 */
export async function postWebhook(delivery: WebhookDelivery): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "cairn-webhook",
    [TIMESTAMP_HEADER]: String(timestamp),
    "x-cairn-delivery": delivery.delivery,
  };
  if (delivery.secret !== undefined && delivery.secret !== "") {
    headers[SIGNATURE_HEADER] = signWebhook(delivery.secret, timestamp, delivery.body);
  }
  const response = await fetch(delivery.url, {
    method: "POST",
    headers,
    body: delivery.body,
    redirect: "manual",
    signal: AbortSignal.timeout(delivery.timeoutMs ?? 10_000),
  });
  const answer = await response.text().catch(() => "");
  if (response.status < 200 || response.status >= 300) {
    throw new WebhookRefused(response.status, delivery.url, answer.slice(0, ANSWER_CHARS).trim());
  }
  return response.status;
}
