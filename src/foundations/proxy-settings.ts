import { isIP } from "node:net";
import { SettingsInvalid } from "./error-codes.js";

/**
 * Which proxies `cairn serve` believes about the client's address (X-Forwarded-For):
 * `true` all, a number that many hops, or these addresses and CIDR ranges. The client
 * address decides bad-token throttling, so behind a proxy it must be the client's.
 */
export type TrustProxy = boolean | number | readonly string[];

export interface ProxySettings {
  /** CAIRN_TRUST_PROXY; absent: the connection's own address counts. */
  readonly trustProxy?: TrustProxy;
}

const HINT =
  "Set CAIRN_TRUST_PROXY to true, a number of proxy hops, or the proxies' addresses and CIDR ranges separated by commas (10.0.0.1,10.1.0.0/16).";

function isAddressOrRange(text: string): boolean {
  const [address, bits, extra] = text.split("/");
  if (address === undefined || extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const length = Number(bits);
  return /^[0-9]{1,3}$/.test(bits) && length <= (family === 4 ? 32 : 128);
}

export function proxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const raw = env.CAIRN_TRUST_PROXY?.trim();
  if (raw === undefined || raw === "" || raw === "false") return {};
  if (raw === "true") return { trustProxy: true };
  if (/^[0-9]+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1) throw SettingsInvalid.create("CAIRN_TRUST_PROXY=0 trusts no hop", { hint: HINT });
    return { trustProxy: hops };
  }
  const entries = raw.split(",").map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isAddressOrRange(entry));
  if (bad.length > 0) {
    throw SettingsInvalid.create(
      `CAIRN_TRUST_PROXY=${raw}: '${bad.join("', '")}' is not an address or CIDR range`,
      { hint: HINT },
    );
  }
  return { trustProxy: Object.freeze(entries) };
}
