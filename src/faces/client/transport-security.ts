import { CairnClientError } from "./cairn-client-error.js";

/** Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  if (/^::ffff:127\./.test(host)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Refuses, before any request, to send a token over plain `http://` to a host that is
 * not this machine, where anyone on the way could read it; `insecure` allows it.
 */
export function checkTokenTransport(url: URL, token: string | undefined, insecure: boolean): void {
  if (token === undefined || insecure || url.protocol !== "http:") return;
  if (isLoopbackHost(url.hostname)) return;
  throw new CairnClientError(
    "CAIRN_TOKEN_INSECURE",
    `refusing to send a token over plain http to ${url.host}: anyone on the network could read it`,
    `Use https://${url.host}${url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "")}` +
      " (cairn serve --tls-cert FILE --tls-key FILE), or allow plain http on a network you" +
      " trust: insecure=true on cairn host save, insecure: true for the client.",
  );
}

/** TLS error codes of Node.js that mean the certificate was not trusted. */
const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/**
 * A failed fetch whose cause is an untrusted certificate, as CAIRN_TLS_UNTRUSTED naming
 * the server and the reason; undefined for any other failure.
 */
export function tlsFailureOf(error: unknown, url: URL): CairnClientError | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as Error & { code?: unknown }).code;
    if (typeof code === "string" && UNTRUSTED.test(code)) {
      return new CairnClientError(
        "CAIRN_TLS_UNTRUSTED",
        `cannot verify the TLS certificate of ${url.host}: ${cause.message} (${code})`,
        "Trust the CA that signed the server's certificate: cairn host save NAME ca=ca.pem, or" +
          " the client's ca option; or give the server a certificate for this name from a CA" +
          " the system trusts.",
        { cause: error },
      );
    }
    cause = cause.cause;
  }
  return undefined;
}
