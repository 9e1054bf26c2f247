import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { SettingsInvalid } from "../../../foundations/error-codes.js";

/** A saved host: where its command API is, the token to send, and how to trust it. */
export interface HostEntry {
  readonly url: string;
  readonly token?: string;
  /** A CA certificate file (PEM, absolute path) trusted besides the system's. */
  readonly ca?: string;
  /** Send the token over plain http to a host that is not this machine. */
  readonly insecure?: boolean;
}

export type Hosts = Readonly<Record<string, HostEntry>>;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the hosts are kept: `CAIRN_HOSTS_FILE`, else `$XDG_CONFIG_HOME/cairn/hosts.json`,
 * else `~/.config/cairn/hosts.json`. Read from the CLI's environment, never the process's.
 */
export function hostsFilePath(env: Env, cwd: string): string {
  const set = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const file = set("CAIRN_HOSTS_FILE");
  if (file !== undefined) return resolve(cwd, file);
  const config = set("XDG_CONFIG_HOME");
  if (config !== undefined) return join(resolve(cwd, config), "cairn", "hosts.json");
  const home = set("HOME") ?? set("USERPROFILE");
  if (home === undefined) {
    throw SettingsInvalid.create("no place for the hosts file: HOME is not set", {
      hint: "Set CAIRN_HOSTS_FILE to the file that keeps the hosts (cairn host save ...).",
    });
  }
  return join(home, ".config", "cairn", "hosts.json");
}

/** The saved hosts; none when the file does not exist yet. */
export async function readHosts(path: string): Promise<Hosts> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const hosts = hostsIn(text);
  if (hosts === undefined) {
    throw SettingsInvalid.create(`${path} is not a hosts file`, {
      hint: 'It should hold {"hosts": {"NAME": {"url": "...", "token": "..."}}}; fix or remove it.',
    });
  }
  return hosts;
}

function hostsIn(text: string): Hosts | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const hosts = isRecord(body) ? body.hosts : undefined;
  if (!isRecord(hosts)) return undefined;
  const valid = Object.values(hosts).every(
    (entry) =>
      isRecord(entry) &&
      typeof entry.url === "string" &&
      (entry.token === undefined || typeof entry.token === "string") &&
      (entry.ca === undefined || typeof entry.ca === "string") &&
      (entry.insecure === undefined || typeof entry.insecure === "boolean"),
  );
  return valid ? (hosts as Hosts) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Replaces the hosts file. It holds tokens, so it is readable by its owner only (0600,
 * in a 0700 directory when that is created), and it is written to a temporary file
 * that is flushed and then renamed over the old one: a crash leaves the old file or
 * the new one, never half of either.
 */
export async function writeHosts(path: string, hosts: Hosts): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const file = await open(temporary, "wx", 0o600);
    try {
      await file.writeFile(`${JSON.stringify({ hosts }, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
