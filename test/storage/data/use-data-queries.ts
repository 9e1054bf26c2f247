import { beforeAll } from "vitest";
import { createDataQueries, type DataLimits } from "../../../src/engines/storage/data/index.js";
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

/** Migrates the suite's database to the records fixture spec, seeds it, opens data queries. */
export function useDataQueries(fixture: BackendFixture, limits?: DataLimits): () => DataFixture {
  let ready: DataFixture | undefined;
  beforeAll(async () => {
    const spec = await loadProjectSpec(FIXTURE_DIR);
    await migrateDatabase(fixture.database(), spec);
    const store = createRecordStore(fixture.database(), spec);
    await seedStations(store);
    ready = { data: createDataQueries(fixture.database(), spec, limits), store };
  });
  return () => {
    if (ready === undefined) throw new Error("data queries not ready");
    return ready;
  };
}
