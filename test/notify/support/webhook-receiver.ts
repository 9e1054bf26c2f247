import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST as the receiver got it: the raw body as sent, and the headers. */
export interface ReceivedHook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A real HTTP server (node:http) on a free port of 127.0.0.1 that keeps every request
 * and answers 204, or the statuses it was told to answer first.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  readonly #answers: number[] = [];
  readonly #server: Server;

  private constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const status = this.#answers.shift() ?? 204;
        if (status < 300) {
          this.received.push({
            path: request.url ?? "",
            headers: request.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        }
        response.writeHead(status, { "content-type": "text/plain" });
        response.end(status < 300 ? "" : "receiver down for maintenance");
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.#server.listen(0, "127.0.0.1");
    await once(receiver.#server, "listening");
    return receiver;
  }

  /** The URL of `path` on this receiver. */
  url(path: string): string {
    return `http://127.0.0.1:${String((this.#server.address() as AddressInfo).port)}${path}`;
  }

  /** Answers the next requests with these statuses (then 204 again). */
  answer(...statuses: number[]): void {
    this.#answers.push(...statuses);
  }

  reset(): void {
    this.received.length = 0;
    this.#answers.length = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }
}
