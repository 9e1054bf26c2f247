import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import {
  openDatabase,
  type Database,
  type DialectName,
} from "../../src/engines/storage/database.js";
import { serviceUrls } from "./service-urls.js";

/** A fresh, empty database on one backend, owned by one test file or test. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export interface TestBackend {
  readonly name: DialectName;
  readonly available: boolean;
  createDatabase(): Promise<TestDatabase>;
}

function uniqueName(): string {
  return `cairn_t_${randomBytes(6).toString("hex")}`;
}

async function withAdmin<T>(url: string, run: (database: Database) => Promise<T>): Promise<T> {
  const admin = await openDatabase(url);
  try {
    return await run(admin);
  } finally {
    await admin.close();
  }
}

function replaceDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function executeRaw(database: Database, statement: string): Promise<void> {
  const { sql } = await import("kysely");
  await sql.raw(statement).execute(database.db);
}

const sqlite: TestBackend = {
  name: "sqlite",
  available: true,
  createDatabase() {
    const dir = mkdtempSync(join(tmpdir(), "cairn-test-"));
    return Promise.resolve({
      url: `sqlite:${join(dir, "test.db")}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

function serverBackend(name: "postgres" | "mysql"): TestBackend {
  const adminUrl = serviceUrls[name];
  return {
    name,
    get available() {
      return inject("services")[name];
    },
    async createDatabase() {
      const database = uniqueName();
      await withAdmin(adminUrl, (admin) => executeRaw(admin, `CREATE DATABASE ${database}`));
      return {
        url: replaceDatabaseName(adminUrl, database),
        drop: () =>
          withAdmin(adminUrl, (admin) =>
            executeRaw(
              admin,
              name === "postgres"
                ? `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`
                : `DROP DATABASE IF EXISTS ${database}`,
            ),
          ),
      };
    },
  };
}

/** Every backend, SQLite first. Loop over it to run one suite on each. */
export const BACKENDS: readonly TestBackend[] = [
  sqlite,
  serverBackend("postgres"),
  serverBackend("mysql"),
];
