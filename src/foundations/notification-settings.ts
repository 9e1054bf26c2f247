import { hostname } from "node:os";
import { SettingsInvalid } from "./error-codes.js";

/**
 * How the SMTP connection is secured (CAIRN_SMTP_TLS): `starttls` upgrades a plain
 * connection and refuses a server that cannot; `tls` speaks TLS from the first byte
 * (port 465); `none` never encrypts (a relay on the same host or network).
 */
export const SMTP_TLS_MODES = ["starttls", "tls", "none"] as const;
export type SmtpTls = (typeof SMTP_TLS_MODES)[number];

/** Where notification email goes out; absent when CAIRN_SMTP_HOST is not set. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: SmtpTls;
  /** Logs in only when a user is given. */
  readonly user?: string;
  readonly password?: string;
  /** The From address: `cairn@example.com` or `Cairn <cairn@example.com>`. */
  readonly from: string;
}

export interface NotificationSettings {
  /** CAIRN_SMTP_*: undefined sends no email (webhooks still go). */
  readonly smtp?: SmtpSettings;
  /**
   * The address people reach the server at (CAIRN_PUBLIC_URL), without a trailing
   * slash: notifications link to executions there.
   */
  readonly publicUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_PORTS: Readonly<Record<SmtpTls, number>> = { starttls: 587, tls: 465, none: 25 };

function given(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
}

function tlsSetting(env: Env): SmtpTls {
  const raw = given(env, "CAIRN_SMTP_TLS");
  if (raw === undefined) return "starttls";
  const mode = SMTP_TLS_MODES.find((m) => m === raw.toLowerCase());
  if (mode === undefined) {
    throw SettingsInvalid.create(`CAIRN_SMTP_TLS=${raw} is not a TLS mode`, {
      hint: `Use one of ${SMTP_TLS_MODES.join(", ")}, or unset it (default starttls).`,
    });
  }
  return mode;
}

function portSetting(env: Env, tls: SmtpTls): number {
  const raw = given(env, "CAIRN_SMTP_PORT");
  if (raw === undefined) return DEFAULT_PORTS[tls];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw SettingsInvalid.create(`CAIRN_SMTP_PORT=${raw} is not a port`, {
      hint: `Use a whole number from 1 to 65535, or unset it (default ${String(DEFAULT_PORTS[tls])} with CAIRN_SMTP_TLS=${tls}).`,
    });
  }
  return port;
}

function fromSetting(env: Env): string {
  const raw = given(env, "CAIRN_SMTP_FROM");
  if (raw === undefined) return `cairn@${hostname()}`;
  if (!/^[^@\s<>]+@[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(raw)) {
    throw SettingsInvalid.create(`CAIRN_SMTP_FROM=${raw} is not an email address`, {
      hint: "Use cairn@example.com or 'Cairn <cairn@example.com>'.",
    });
  }
  return raw;
}

function smtpSettings(env: Env): SmtpSettings | undefined {
  const host = given(env, "CAIRN_SMTP_HOST");
  if (host === undefined) return undefined;
  const tls = tlsSetting(env);
  const user = given(env, "CAIRN_SMTP_USER");
  const password = env.CAIRN_SMTP_PASSWORD;
  if (user === undefined && password !== undefined && password !== "") {
    throw SettingsInvalid.create("CAIRN_SMTP_PASSWORD is set without CAIRN_SMTP_USER", {
      hint: "Set CAIRN_SMTP_USER to the login the password belongs to.",
    });
  }
  return {
    host,
    port: portSetting(env, tls),
    tls,
    ...(user === undefined ? {} : { user, password: password ?? "" }),
    from: fromSetting(env),
  };
}

function publicUrlSetting(env: Env, host: string, port: number, https: boolean): string {
  const raw = given(env, "CAIRN_PUBLIC_URL");
  if (raw === undefined) {
    const reachable = host === "0.0.0.0" || host === "::" ? hostname() : host;
    const name = reachable.includes(":") ? `[${reachable}]` : reachable;
    return `${https ? "https" : "http"}://${name}:${String(port)}`;
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw SettingsInvalid.create(`CAIRN_PUBLIC_URL=${raw} is not an http or https URL`, {
      hint: "Give the address people open, such as https://cairn.example.com.",
    });
  }
  return raw.replace(/\/+$/, "");
}

/** The settings of notifications, from CAIRN_SMTP_* and CAIRN_PUBLIC_URL. */
export function notificationSettings(
  env: Env,
  host: string,
  port: number,
  https = false,
): NotificationSettings {
  const smtp = smtpSettings(env);
  return {
    ...(smtp === undefined ? {} : { smtp }),
    publicUrl: publicUrlSetting(env, host, port, https),
  };
}
