import type { CliIo } from "../cli-io.js";
import { checkedUrl, unknownHost } from "./host-commands.js";
import { hostsFilePath, readHosts } from "./hosts-file.js";

/** The server a `--host` names, the token to send it, and how to trust it. */
export interface RemoteHost {
  readonly url: string;
  readonly token: string | undefined;
  /** A CA certificate file (PEM) trusted besides the system's. */
  readonly ca?: string;
  readonly insecure?: boolean;
}

/**
 * `--host NAME` (a saved host) or `--host URL`. A URL's token comes from CAIRN_TOKEN,
 * and so does a saved host's when it has none of its own.
 */
export async function resolveHost(value: string, io: CliIo): Promise<RemoteHost> {
  const fallbackToken = io.env.CAIRN_TOKEN === "" ? undefined : io.env.CAIRN_TOKEN;
  if (/^https?:\/\//i.test(value)) return { url: checkedUrl(value), token: fallbackToken };
  const hosts = await readHosts(hostsFilePath(io.env, io.cwd));
  const entry = hosts[value];
  if (entry === undefined) throw unknownHost(value, Object.keys(hosts));
  return {
    url: entry.url,
    token: entry.token ?? fallbackToken,
    ...(entry.ca === undefined ? {} : { ca: entry.ca }),
    ...(entry.insecure === undefined ? {} : { insecure: entry.insecure }),
  };
}
