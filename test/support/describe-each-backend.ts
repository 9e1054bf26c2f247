import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, type Database } from "../../src/engines/storage/database.js";
import { BACKENDS, type TestBackend, type TestDatabase } from "./backends.js";

/** Gives a test file a fresh database on one backend, opened before and dropped after. */
export interface BackendFixture {
  readonly backend: TestBackend;
  /** The URL of this suite's own database. */
  url(): string;
  /** An open pool on it. */
  database(): Database;
}

/**
 * Runs the same suite on SQLite, PostgreSQL and MariaDB. Unreachable backends are
 * skipped (the global setup has already said so, or failed the run when required).
 */
export function describeEachBackend(title: string, suite: (fixture: BackendFixture) => void): void {
  for (const backend of BACKENDS) {
    describe.skipIf(!backend.available)(`${title} [${backend.name}]`, () => {
      let testDatabase: TestDatabase | undefined;
      let database: Database | undefined;
      beforeAll(async () => {
        testDatabase = await backend.createDatabase();
        database = await openDatabase(testDatabase.url);
      });
      afterAll(async () => {
        await database?.close();
        await testDatabase?.drop();
      });
      suite({
        backend,
        url: () => {
          if (testDatabase === undefined) throw new Error("database not created yet");
          return testDatabase.url;
        },
        database: () => {
          if (database === undefined) throw new Error("database not opened yet");
          return database;
        },
      });
    });
  }
}
