import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createRedisMessageStreams,
  type MessageStreams,
  type RedisMessageStreamOptions,
} from "../../src/engines/executors/queue/index.js";
import type { Message } from "../../src/foundations/message.js";
import { serviceUrls } from "../support/service-urls.js";
import { dropPrefix, freePort, uniquePrefix } from "./support/redis.js";

const url = serviceUrls.redis;
const prefix = uniquePrefix("streams");

function info(execution: string, seq: number): Message {
  return {
    type: "info",
    text: `message ${String(seq)}`,
    execution,
    seq,
    time: "2025-01-01T00:00:00.000Z",
  };
}

function infos(execution: string, from: number, to: number): Message[] {
  return Array.from({ length: to - from + 1 }, (_, i) => info(execution, from + i));
}

const seqs = (messages: readonly Message[]) => messages.map((message) => message.seq);

describe.skipIf(!inject("services").redis)("Redis message streams", () => {
  const opened: MessageStreams[] = [];
  let admin: Redis;
  const open = (extra: Partial<RedisMessageStreamOptions> = {}): MessageStreams => {
    const streams = createRedisMessageStreams({ url, prefix, ...extra });
    opened.push(streams);
    return streams;
  };
  const never = new AbortController().signal;

  beforeAll(() => {
    admin = new Redis(url, { maxRetriesPerRequest: 1 });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((streams) => streams.close()));
  });
  afterAll(async () => {
    await dropPrefix(url, prefix);
    admin.disconnect();
  });

  it("appends by seq, skips a seq already passed, and reads after a seq", async () => {
    const streams = open();
    await streams.append(infos("101", 1, 5));
    // A stale attempt's messages: refused by id, without failing the append.
    await streams.append([...infos("101", 3, 4), info("102", 1)]);
    expect(seqs(await streams.tail("101", 0))).toEqual([1, 2, 3, 4, 5]);
    expect(seqs(await streams.read("101", 2, 0, never))).toEqual([3, 4, 5]);
    expect(await streams.read("101", 2, 0, never)).toEqual(infos("101", 3, 5));
    expect(seqs(await streams.tail("102", 0))).toEqual([1]);
    expect(await streams.read("103", 0, 0, never)).toEqual([]);
  });

  it("waits for the next message, and answers [] after blockMs or on abort", async () => {
    const streams = open();
    const writer = open();
    const waiting = streams.read("201", 0, 5000, never);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await writer.append(infos("201", 1, 2));
    // A waiting read answers as soon as the first message is in: the next read takes the rest.
    expect(seqs(await waiting)[0]).toBe(1);
    expect(seqs(await streams.read("201", 1, 0, never))).toEqual([2]);
    expect(Date.now() - started).toBeLessThan(1000);
    const before = Date.now();
    expect(await streams.read("201", 2, 200, never)).toEqual([]);
    expect(Date.now() - before).toBeGreaterThanOrEqual(190);
    const controller = new AbortController();
    const aborted = streams.read("201", 2, 10_000, controller.signal);
    controller.abort();
    expect(await aborted).toEqual([]);
  });

  it("serves many waiting followers on one blocking connection", async () => {
    const streams = open();
    const writer = open();
    const ids = Array.from({ length: 20 }, (_, i) => String(300 + i));
    await writer.append(ids.flatMap((id) => infos(id, 1, 3)));
    // Five followers per stream, each past a different seq: all wait but those after 0..2.
    const reads = ids.flatMap((id) =>
      [0, 1, 2, 3, 3].map((after) => ({
        id,
        after,
        read: streams.read(id, after, 10_000, new AbortController().signal),
      })),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const clients = String(await admin.client("LIST"))
      .split("\n")
      .filter((line) => line.includes("cmd=xread"));
    expect(clients).toHaveLength(1);
    await writer.append(ids.flatMap((id) => infos(id, 4, 5)));
    for (const { after, read } of reads) {
      const got = seqs(await read);
      expect(got[0]).toBe(after + 1);
      expect(got).toEqual(Array.from({ length: got.length }, (_, i) => after + 1 + i));
      if (after < 3) expect(got.at(-1)).toBe(3);
    }
  });

  it("trims each stream to about maxLength and sets its expiry", async () => {
    const streams = open({ maxLength: 10, expireSeconds: 600, finishedExpireSeconds: 30 });
    for (let from = 1; from <= 1000; from += 100)
      await streams.append(infos("401", from, from + 99));
    const kept = await streams.tail("401", 0);
    expect(kept.length).toBeLessThan(200);
    expect(kept.at(-1)?.seq).toBe(1000);
    const key = `${prefix}:cairn-messages:401`;
    expect(await admin.ttl(key)).toBeGreaterThan(500);
    const time = new Date().toISOString();
    await streams.append([
      { type: "status", status: "success", execution: "401", seq: 1001, time },
    ]);
    expect(await admin.ttl(key)).toBeLessThanOrEqual(30);
  });

  it("fails at once, without waiting, while Redis is unreachable", async () => {
    const streams = open({ url: `redis://127.0.0.1:${String(await freePort())}` });
    await expect(streams.append(infos("501", 1, 1))).rejects.toThrow();
    const started = Date.now();
    await expect(streams.append(infos("501", 2, 2))).rejects.toThrow();
    await expect(streams.read("501", 0, 5000, never)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(500);
  });
});
