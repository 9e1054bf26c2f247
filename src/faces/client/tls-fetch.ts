/**
 * A fetch that trusts a custom CA besides the system's, for Node.js: undici's fetch
 * with an Agent whose connections take the extra CA. Loaded only when a client is given
 * `ca`, so a client without it needs no Node.js module (it runs in browsers too).
 */
export async function fetchTrusting(
  ca: string | Uint8Array,
  given: typeof fetch | undefined,
): Promise<typeof fetch> {
  const [{ Agent, fetch: undiciFetch }, { rootCertificates }] = await Promise.all([
    import("undici"),
    import("node:tls"),
  ]);
  const pem = typeof ca === "string" ? ca : new TextDecoder().decode(ca);
  // Node.js's `ca` replaces the system CAs: keep them and add the given one.
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, pem] } });
  // undici's own types of fetch and Agent differ from Node.js's bundled ones in name only.
  const send = (given ?? undiciFetch) as unknown as (input: URL, init: object) => Promise<Response>;
  return ((input: URL, init: RequestInit = {}) =>
    send(input, { ...init, dispatcher })) as typeof fetch;
}
