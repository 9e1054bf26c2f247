import { afterAll, beforeAll } from "vitest";
import { createDataQueries, type DataLimits } from "../../../src/engines/storage/data/index.js";
import { openDatabase, type Database } from "../../../src/engines/storage/database.js";
import type { DataQueries } from "../../../src/engines/storage/records/data-queries.js";
import { createRecordStore, type RecordStore } from "../../../src/engines/storage/records/index.js";
import { migrateDatabase } from "../../../src/engines/storage/schema/index.js";
import { loadProjectSpec } from "../../../src/spec/index.js";
import type { BackendFixture } from "../../support/describe-each-backend.js";
import { FIXTURE_DIR } from "../records/use-record-store.js";
import { seedStations } from "./seed-stations.js";

export interface DataFixture {
  readonly data: DataQueries;
  readonly store: RecordStore;
}

/**
 * Migrates the suite's database to the records fixture spec, seeds it, opens data
 * queries. On SQLite they read on a read pool of two threads, as the data API does
 * (the main connection's reads are covered by the HTTP suite over every backend).
 */
export function useDataQueries(fixture: BackendFixture, limits?: DataLimits): () => DataFixture {
  let ready: DataFixture | undefined;
  let threaded: Database | undefined;
  beforeAll(async () => {
    const spec = await loadProjectSpec(FIXTURE_DIR);
    await migrateDatabase(fixture.database(), spec);
    const store = createRecordStore(fixture.database(), spec);
    await seedStations(store);
    if (fixture.database().dialect === "sqlite") {
      threaded = await openDatabase(fixture.url(), { readThreads: 2 });
    }
    ready = { data: createDataQueries(threaded ?? fixture.database(), spec, limits), store };
  });
  afterAll(async () => {
    await threaded?.close();
  });
  return () => {
    if (ready === undefined) throw new Error("data queries not ready");
    return ready;
  };
}
