import { Redis } from "ioredis";
import { producerConnection, type RedisConnectionOptions } from "./redis-connection.js";

/** A hold of the lease: its fencing term and the token Redis keeps under the lease key. */
export interface RedisLeaseHold {
  readonly term: number;
  readonly token: string;
}

/** What an acquire gave: the new hold, or the replica holding the lease now (if known). */
export type RedisLeaseAttempt =
  | { readonly taken: true; readonly hold: RedisLeaseHold }
  | { readonly taken: false; readonly holder?: string };

export interface RedisLeaseStoreOptions extends RedisConnectionOptions {
  /** The lease's name (one lease per name, e.g. `scheduler`). */
  readonly name: string;
  /** The prefix of both keys; tests give each run its own. Default `cairn`. */
  readonly prefix?: string;
  /**
   * How long one command may take before it fails (ioredis' `commandTimeout`). An
   * answer later than the lease's TTL is of no use, so callers pass about the TTL.
   */
  readonly commandTimeoutMs: number;
  /** Connection errors; commands fail on their own, so this is for logging only. */
  readonly onError?: (error: Error) => void;
}

/**
 * Takes the lease when it is free, or when it still holds `previous` (this replica's
 * own last token: it lapsed locally and takes the lease again, under a new term).
 * The term counter is a separate key that never expires, so terms keep growing across
 * holders for as long as Redis keeps its data.
 * KEYS: lease, term counter. ARGV: replica, ttl ms, previous token ('' for none).
 */
const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[3] then return {0, current} end
local term = redis.call('INCR', KEYS[2])
local token = tostring(term) .. ':' .. ARGV[1]
redis.call('SET', KEYS[1], token, 'PX', ARGV[2])
return {term, token}
`;

/** Extends the lease only while it still holds this token. KEYS: lease. ARGV: token, ttl ms. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Frees the lease only while it still holds this token. KEYS: lease. ARGV: token. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** The replica part of a token `term:replica`. */
function holderOf(token: string): string {
  const colon = token.indexOf(":");
  return colon === -1 ? token : token.slice(colon + 1);
}

/**
 * A leader lease in Redis: one key holding `term:replica` with a PX expiry, so the
 * expiry runs on Redis's clock, not on the replicas'. Acquire, renew and release are
 * small Lua scripts that compare the token first: a replica whose lease was taken over
 * never extends or deletes the new holder's. The low-level store only: the runtime
 * decides, on its own monotonic clock, how long a hold may be trusted.
 *
 * Both keys share one hash tag (`{name}`), so the acquire script works on a cluster.
 */
export class RedisLeaseStore {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #termKey: string;

  constructor(options: RedisLeaseStoreOptions) {
    const prefix = options.prefix ?? "cairn";
    this.#key = `${prefix}:leader:{${options.name}}`;
    this.#termKey = `${this.#key}:term`;
    const { url, ...rest } = producerConnection(options);
    // The offline queue waits for the first connection instead of failing the first
    // tick; every command is still bounded by the command timeout.
    this.#redis = new Redis(url ?? "", {
      ...rest,
      enableOfflineQueue: true,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(options.commandTimeoutMs, 1000),
    });
    const onError = options.onError ?? (() => undefined);
    this.#redis.on("error", onError);
  }

  async acquire(
    replica: string,
    ttlMs: number,
    previous: RedisLeaseHold | undefined,
  ): Promise<RedisLeaseAttempt> {
    const reply = await this.#redis.eval(
      ACQUIRE,
      2,
      this.#key,
      this.#termKey,
      replica,
      String(Math.ceil(ttlMs)),
      previous?.token ?? "",
    );
    if (!Array.isArray(reply) || reply.length !== 2) {
      throw new Error(`unexpected reply from the lease script: ${JSON.stringify(reply)}`);
    }
    const [term, token] = reply as [unknown, unknown];
    if (typeof token !== "string") throw new Error("the lease script answered no token");
    if (term === 0) return { taken: false, holder: holderOf(token) };
    return { taken: true, hold: { term: Number(term), token } };
  }

  async renew(hold: RedisLeaseHold, ttlMs: number): Promise<boolean> {
    const reply = await this.#redis.eval(RENEW, 1, this.#key, hold.token, String(Math.ceil(ttlMs)));
    return reply === 1;
  }

  async release(hold: RedisLeaseHold): Promise<void> {
    await this.#redis.eval(RELEASE, 1, this.#key, hold.token);
  }

  /** The current holder and term, and how long the lease has left (for inspection). */
  async current(): Promise<{ holder: string; term: number; remainingMs: number } | undefined> {
    const [token, remaining] = await Promise.all([
      this.#redis.get(this.#key),
      this.#redis.pttl(this.#key),
    ]);
    if (token === null) return undefined;
    const colon = token.indexOf(":");
    return {
      holder: holderOf(token),
      term: Number(token.slice(0, colon)),
      remainingMs: remaining,
    };
  }

  async close(): Promise<void> {
    // QUIT would wait in the offline queue while Redis is away: just drop the socket then.
    if (this.#redis.status !== "ready") {
      this.#redis.disconnect();
      return;
    }
    await this.#redis.quit().catch(() => {
      this.#redis.disconnect();
    });
  }
}
