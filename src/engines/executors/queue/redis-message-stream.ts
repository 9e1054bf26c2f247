import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Message } from "../../../foundations/message.js";
import { DEFAULT_PREFIX } from "./job-ids.js";
import type { MessageStreams } from "./message-streams.js";
import { producerConnection, type RedisConnectionOptions } from "./redis-connection.js";
import { seqOfId, SharedStreamReader, type StreamEntry } from "./shared-stream-reader.js";

export interface RedisMessageStreamOptions extends RedisConnectionOptions {
  /** The prefix of every key (the BullMQ transport's); tests give each run its own. */
  readonly prefix?: string;
  /** Entries a stream keeps, trimmed approximately (`MAXLEN ~`) as it grows. */
  readonly maxLength?: number;
  /** How long a stream lives after its last append. */
  readonly expireSeconds?: number;
  /** How long a stream lives after its `status` message: followers then read the database. */
  readonly finishedExpireSeconds?: number;
  /** Connection errors; they are retried, so this is for logging only. */
  readonly onError?: (error: Error) => void;
}

export const STREAM_DEFAULTS = {
  maxLength: 10_000,
  expireSeconds: 6 * 3600,
  finishedExpireSeconds: 300,
} as const;

/** Entries per read. */
const PAGE = 500;

/** Redis' answer to an XADD with an id not past the stream's newest. */
const STALE_ID = /equal or smaller than the target stream top item/;

/**
 * Message streams on Redis Streams: one stream per execution, `<prefix>:cairn-messages:<id>`,
 * each message one entry with id `<seq>-0` (so a reader seeks by `seq`, and an append of a
 * `seq` already passed, from a stale attempt, is refused) and one field `m`, its JSON.
 * Two connections: one for appends and reads that answer at once, opened on first use;
 * one for the blocking reads of every follower of this process (SharedStreamReader),
 * opened on the first follower that has to wait. While Redis is down both fail at once
 * rather than queue, so callers fall back to the database without waiting.
 */
export function createRedisMessageStreams(options: RedisMessageStreamOptions): MessageStreams {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const maxLength = String(Math.max(1, options.maxLength ?? STREAM_DEFAULTS.maxLength));
  const expire = options.expireSeconds ?? STREAM_DEFAULTS.expireSeconds;
  const finishedExpire = options.finishedExpireSeconds ?? STREAM_DEFAULTS.finishedExpireSeconds;
  const onError = options.onError ?? (() => undefined);
  const keyOf = (execution: string) => `${prefix}:cairn-messages:${execution}`;
  const wakeKey = `${prefix}:cairn-messages-wake:${randomUUID()}`;
  /** Open connections, and whether each is down (failed since it was last ready). */
  const connections = new Map<Redis, { down: boolean }>();
  const connect = (): Redis => {
    const { url, ...rest } = producerConnection(options);
    // The first commands wait for the connection to come up; later ones fail while it is down.
    const redis = new Redis(url ?? "", { ...rest, enableOfflineQueue: true });
    const state = { down: false };
    redis.on("error", (error: Error) => {
      state.down = true;
      onError(error);
    });
    redis.on("close", () => (state.down = true));
    redis.on("ready", () => (state.down = false));
    connections.set(redis, state);
    return redis;
  };
  let writer: Redis | undefined;
  let blocking: Redis | undefined;
  let closed = false;
  /** A connection to send on now: refuses at once while it is down, so callers never wait on it. */
  const usable = (redis: Redis): Redis => {
    if (closed) throw new Error("the message streams are closed");
    if (redis.status !== "ready" && connections.get(redis)?.down === true) {
      throw new Error(`Redis is not reachable (${redis.status})`);
    }
    return redis;
  };
  const command = (): Redis => usable((writer ??= connect()));
  const reader = new SharedStreamReader({
    connection: () => usable((blocking ??= connect())),
    wakeKey,
    wake: async () => {
      await command()
        .multi()
        .xadd(wakeKey, "MAXLEN", "1", "*", "w", "1")
        .expire(wakeKey, 3600)
        .exec();
    },
    page: PAGE,
  });

  const decode = (entries: readonly StreamEntry[]): Message[] => {
    const messages: Message[] = [];
    for (const [, fields] of entries) {
      const text = fields[fields.indexOf("m") + 1];
      if (text === undefined) continue;
      try {
        messages.push(JSON.parse(text) as Message);
      } catch {
        // Not written by Cairn: skipped, the database has the message.
      }
    }
    return messages;
  };

  const range = (execution: string, after: number, count: number) =>
    command().xrange(keyOf(execution), String(after + 1), "+", "COUNT", count);

  return {
    async append(messages) {
      if (messages.length === 0) return;
      const pipeline = command().pipeline();
      const finished = new Map<string, boolean>();
      for (const message of messages) {
        const key = keyOf(message.execution);
        const id = `${String(message.seq)}-0`;
        pipeline.xadd(key, "MAXLEN", "~", maxLength, id, "m", JSON.stringify(message));
        finished.set(key, finished.get(key) === true || message.type === "status");
      }
      for (const [key, done] of finished) pipeline.expire(key, done ? finishedExpire : expire);
      const results = (await pipeline.exec()) ?? [];
      const failure = results.find(([error]) => error !== null && !STALE_ID.test(error.message));
      if (failure?.[0] != null) throw failure[0];
    },

    async read(execution, after, blockMs, signal) {
      const ready = await range(execution, after, PAGE);
      if (ready.length > 0 || blockMs <= 0 || signal.aborted) return decode(ready);
      return decode(await reader.wait(keyOf(execution), after, blockMs, signal));
    },

    async tail(execution, after) {
      const messages: Message[] = [];
      let last = after;
      for (;;) {
        const entries = await range(execution, last, PAGE);
        messages.push(...decode(entries));
        const newest = entries.at(-1);
        if (newest === undefined || entries.length < PAGE) return messages;
        last = seqOfId(newest[0]);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      reader.close();
      if (writer?.status === "ready") await writer.del(wakeKey).catch(() => undefined);
      for (const redis of connections.keys()) redis.disconnect();
      connections.clear();
    },
  };
}
