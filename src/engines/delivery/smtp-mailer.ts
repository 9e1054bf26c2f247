import { createTransport } from "nodemailer";
import type { SmtpSettings } from "../../foundations/notification-settings.js";

/** One email: plain text, to every address at once. */
export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Extra headers (`X-Cairn-Execution`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the server took: addresses accepted and refused one by one. */
export interface MailReceipt {
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  readonly messageId: string;
}

/** How long each step may take: a dead server must fail the attempt, not hang it. */
export interface MailTimeouts {
  readonly connectMs: number;
  readonly socketMs: number;
}

const DEFAULT_TIMEOUTS: MailTimeouts = { connectMs: 10_000, socketMs: 30_000 };

function addresses(list: readonly (string | { readonly address: string })[]): string[] {
  return list.map((entry) => (typeof entry === "string" ? entry : entry.address));
}

/**
 * Sends one email through the SMTP server of `smtp` on a connection of its own, closed
 * afterwards. Rejects when the server cannot be reached, refuses the login, or refuses
 * the message or every recipient; recipients refused one by one are in `rejected`.
 */
export async function sendMail(
  smtp: SmtpSettings,
  message: MailMessage,
  timeouts: MailTimeouts = DEFAULT_TIMEOUTS,
): Promise<MailReceipt> {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === "tls",
    requireTLS: smtp.tls === "starttls",
    ignoreTLS: smtp.tls === "none",
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? "" } }),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.connectMs,
    socketTimeout: timeouts.socketMs,
  });
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to: [...message.to],
      subject: message.subject,
      text: message.text,
      ...(message.headers === undefined ? {} : { headers: { ...message.headers } }),
    });
    return {
      accepted: addresses(info.accepted),
      rejected: addresses(info.rejected),
      messageId: info.messageId,
    };
  } finally {
    transport.close();
  }
}
