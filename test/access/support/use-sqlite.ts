import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import { BACKENDS, type TestDatabase } from "../../support/backends.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";

/**
 * A fresh SQLite database for a suite whose subject does not depend on the backend
 * (the failure throttle counts in memory), opened before and dropped after.
 */
export function useSqlite(): BackendFixture {
  const backend = BACKENDS.find((candidate) => candidate.name === "sqlite");
  if (backend === undefined) throw new Error("no SQLite backend");
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
  return {
    backend,
    url: () => {
      if (testDatabase === undefined) throw new Error("database not created yet");
      return testDatabase.url;
    },
    database: () => {
      if (database === undefined) throw new Error("database not opened yet");
      return database;
    },
  };
}
