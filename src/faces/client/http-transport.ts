import { errorOfResponse } from "./cairn-api-error.js";
import { checkTokenTransport, tlsFailureOf } from "./transport-security.js";

/** Where and how the client talks to a server; see CairnClientOptions. */
export interface TransportOptions {
  readonly url: string | URL;
  readonly token?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly ca?: string | Uint8Array | undefined;
  readonly insecure?: boolean | undefined;
}

/** One request: the body is JSON or a form, never both. */
export interface RequestOptions {
  readonly method?: "GET" | "POST" | "PATCH" | "DELETE";
  readonly query?: URLSearchParams | undefined;
  readonly json?: unknown;
  readonly form?: URLSearchParams | undefined;
  readonly accept?: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * HTTP for the client: URLs below the server's base URL, the bearer token, and every
 * answer that is not 2xx turned into a CairnApiError.
 */
export class HttpTransport {
  /** The server's base URL, always ending in `/` so paths resolve below it. */
  readonly baseUrl: URL;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #ca: string | Uint8Array | undefined;
  #trusting: Promise<typeof fetch> | undefined;

  constructor(options: TransportOptions) {
    const base = new URL(options.url);
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new TypeError(`${base.href} is not an http or https URL`);
    }
    if (!base.pathname.endsWith("/")) base.pathname += "/";
    base.search = "";
    base.hash = "";
    this.baseUrl = base;
    this.#token = options.token === "" ? undefined : options.token;
    checkTokenTransport(base, this.#token, options.insecure === true);
    this.#fetch = options.fetch;
    this.#headers = options.headers ?? {};
    this.#ca = options.ca;
  }

  /** `path` (no leading `/`, its words already encoded) below the base URL. */
  url(path: string, query?: URLSearchParams): URL {
    const url = new URL(path, this.baseUrl);
    if (query !== undefined) url.search = query.toString();
    return url;
  }

  /**
   * A URL the server handed out (a page's `next`), absolute or a path. One pointing at
   * another origin is taken on this server's origin: the token never leaves it.
   */
  serverUrl(link: string): URL {
    const url = new URL(link, this.baseUrl);
    if (url.origin === this.baseUrl.origin) return url;
    return new URL(`${url.pathname}${url.search}`, this.baseUrl.origin);
  }

  /** Sends a request; resolves with a 2xx answer, else rejects with its CairnApiError. */
  async send(target: URL, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.#headers };
    if (options.accept !== undefined) headers.accept = options.accept;
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = options.form.toString();
    }
    const send = await this.#sender();
    let response: Response;
    try {
      response = await send(target, {
        method: options.method ?? "GET",
        headers,
        ...(body === undefined ? {} : { body }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      throw tlsFailureOf(error, target) ?? error;
    }
    if (!response.ok) throw await errorOfResponse(response);
    return response;
  }

  /** The fetch to send with: one trusting the extra CA when `ca` is given. */
  async #sender(): Promise<typeof fetch> {
    if (this.#ca !== undefined) {
      const { fetchTrusting } = await import("./tls-fetch.js");
      this.#trusting ??= fetchTrusting(this.#ca, this.#fetch);
      return this.#trusting;
    }
    // Called unbound: a browser's fetch refuses any other `this`.
    return this.#fetch ?? globalThis.fetch;
  }

  /** Sends a request and parses its JSON answer (undefined for 204 No Content). */
  async json(target: URL, options: RequestOptions = {}): Promise<unknown> {
    const response = await this.send(target, { accept: "application/json", ...options });
    if (response.status === 204) return undefined;
    const text = await response.text();
    return text === "" ? undefined : JSON.parse(text);
  }
}

/** Path words as one URL path: each word percent-encoded, joined by `/`. */
export function pathOf(...words: readonly (string | number)[]): string {
  return words.map((word) => encodeURIComponent(String(word))).join("/");
}
