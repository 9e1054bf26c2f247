import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAuthentication } from "smtp-server";

/** One email as the test's SMTP server received it, decoded. */
export interface ReceivedMail {
  readonly from: string;
  /** The envelope's recipients (RCPT TO). */
  readonly to: readonly string[];
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly subject: string;
  readonly text: string;
  /** The login the client used, if it logged in. */
  readonly user: string | undefined;
}

export interface SmtpSinkOptions {
  /** The login the server asks for; without it, anyone may send. */
  readonly login?: { readonly user: string; readonly password: string };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    const char = soft.charAt(i);
    if (char === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Headers (unfolded, lower-case names) and the decoded text of a single-part message. */
function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : body;
  return { headers, text: text.replace(/\r\n/g, "\n") };
}

/**
 * A real SMTP server in this process (smtp-server) on a free port of 127.0.0.1,
 * without TLS: it keeps what it receives, and refuses the next messages when told to.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Messages refused so far. */
  refused = 0;
  #refuseNext = 0;
  readonly #server: SMTPServer;

  private constructor(options: SmtpSinkOptions) {
    const login = options.login;
    this.#server = new SMTPServer({
      authOptional: login === undefined,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth: (auth: SMTPServerAuthentication, _session, callback) => {
        if (login !== undefined && auth.username === login.user && auth.password === login.password)
          callback(null, { user: auth.username });
        else callback(new Error("Invalid username or password"));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          if (this.#refuseNext > 0) {
            this.#refuseNext -= 1;
            this.refused += 1;
            const error = Object.assign(new Error("mailbox busy, try again later"), {
              responseCode: 451,
            });
            callback(error);
            return;
          }
          const { headers, text } = parseMessage(Buffer.concat(chunks).toString("utf8"));
          const user: unknown = session.user;
          this.received.push({
            from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            headers,
            subject: headers.subject ?? "",
            text,
            user: typeof user === "string" ? user : undefined,
          });
          callback();
        });
      },
    });
  }

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options);
    sink.#server.listen(0, "127.0.0.1");
    await once(sink.#server.server, "listening");
    return sink;
  }

  get port(): number {
    return (this.#server.server.address() as AddressInfo).port;
  }

  /** The settings that send to this server. */
  env(): Record<string, string> {
    return {
      CAIRN_SMTP_HOST: "127.0.0.1",
      CAIRN_SMTP_PORT: String(this.port),
      CAIRN_SMTP_TLS: "none",
      CAIRN_SMTP_FROM: "Cairn <cairn@example.com>",
    };
  }

  /** Refuses the next `count` messages with `451` (a temporary failure). */
  refuse(count: number): void {
    this.#refuseNext = count;
  }

  /** Forgets what was received and refused. */
  reset(): void {
    this.received.length = 0;
    this.refused = 0;
    this.#refuseNext = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }
}
