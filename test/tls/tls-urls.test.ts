import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  consumerConnection,
  producerConnection,
} from "../../src/engines/executors/queue/redis-connection.js";

/**
 * The TLS URLs docs/deploy.md shows reach the drivers as TLS: `rediss://` for Redis,
 * `sslmode=` for PostgreSQL. Nothing connects here.
 */
describe("TLS URLs", () => {
  it("rediss:// connects Redis over TLS, for producers and consumers alike", async () => {
    for (const connection of [producerConnection, consumerConnection]) {
      const { url, ...rest } = connection({ url: "rediss://:secret@redis.example.com:6380/2" });
      const redis = new Redis(url ?? "", { ...rest, lazyConnect: true });
      expect(redis.options.tls).toBeTruthy();
      expect(redis.options).toMatchObject({ host: "redis.example.com", port: 6380, db: 2 });
      redis.disconnect();
    }
    const { url, ...rest } = producerConnection({ url: "redis://redis.example.com:6379" });
    const plain = new Redis(url ?? "", { ...rest, lazyConnect: true });
    expect(plain.options.tls).toBeUndefined();
    plain.disconnect();
    await Promise.resolve();
  });

  it("sslmode= in a PostgreSQL URL turns TLS on, verifying unless told no-verify", () => {
    const ssl = (url: string): unknown =>
      (
        new pg.Client({ connectionString: url }) as unknown as {
          connectionParameters: { ssl: unknown };
        }
      ).connectionParameters.ssl;
    expect(ssl("postgres://cairn@db.example.com:5432/cairn?sslmode=verify-full")).toEqual({});
    expect(ssl("postgres://cairn@db.example.com:5432/cairn?sslmode=no-verify")).toEqual({
      rejectUnauthorized: false,
    });
    expect(ssl("postgres://cairn@db.example.com:5432/cairn")).toBe(false);
  });
});
