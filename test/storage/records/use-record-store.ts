import { fileURLToPath } from "node:url";
import { beforeAll } from "vitest";
import { createRecordStore, type RecordStore } from "../../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";

export const FIXTURE_DIR = fileURLToPath(new URL("./fixture", import.meta.url));

/** Loads the fixture spec, migrates the suite's database and opens a record store on it. */
export function useRecordStore(fixture: BackendFixture): () => RecordStore {
  let store: RecordStore | undefined;
  beforeAll(async () => {
    const spec = await loadProjectSpec(FIXTURE_DIR);
    await migrateDatabase(fixture.database(), spec);
    store = createRecordStore(fixture.database(), spec);
  });
  return () => {
    if (store === undefined) throw new Error("record store not ready");
    return store;
  };
}
