import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../src/engines/storage/database.js";

/** A scratch database on one backend for one benchmark run. */
export interface BenchDatabase {
  readonly backend: string;
  readonly url: string;
  drop(): Promise<void>;
}

const SERVERS = {
  postgres: process.env.CAIRN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  mysql: process.env.CAIRN_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
} as const;

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port), timeout: 1500 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => {
      done(true);
    });
    socket.once("error", () => {
      done(false);
    });
    socket.once("timeout", () => {
      done(false);
    });
  });
}

async function onServer(adminUrl: string, statement: string): Promise<void> {
  const admin = await openDatabase(adminUrl);
  try {
    await sql.raw(statement).execute(admin.db);
  } finally {
    await admin.close();
  }
}

/**
 * SQLite, and PostgreSQL and MySQL/MariaDB when they answer: the backends named in
 * BENCH_BACKENDS (comma-separated), else `backends`.
 */
export async function benchDatabases(backends = "sqlite,postgres,mysql"): Promise<BenchDatabase[]> {
  const wanted = new Set((process.env.BENCH_BACKENDS ?? backends).split(","));
  const dir = mkdtempSync(join(tmpdir(), "cairn-bench-"));
  const databases: BenchDatabase[] = [];
  if (wanted.has("sqlite"))
    databases.push({
      backend: "sqlite",
      url: `sqlite:${join(dir, "bench.db")}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  for (const [backend, adminUrl] of Object.entries(SERVERS)) {
    if (!wanted.has(backend)) continue;
    if (!(await reachable(adminUrl))) {
      console.log(`${backend}: not reachable at ${adminUrl}, skipped`);
      continue;
    }
    const name = `cairn_bench_${randomBytes(4).toString("hex")}`;
    await onServer(adminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databases.push({
      backend,
      url: url.toString(),
      drop: () =>
        onServer(
          adminUrl,
          backend === "postgres" ? `DROP DATABASE ${name} WITH (FORCE)` : `DROP DATABASE ${name}`,
        ),
    });
  }
  return databases;
}
