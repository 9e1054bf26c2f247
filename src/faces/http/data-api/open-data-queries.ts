import { openDatabase } from "../../../engines/storage/database.js";
import { createDataQueries } from "../../../engines/storage/data/index.js";
import type { Settings } from "../../../foundations/settings.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { lazyDataQueries, type LazyDataQueries } from "./lazy-data-queries.js";

/**
 * The data API's own pool on the project database, opened on first use, under the
 * settings' filter depth and query time limits.
 */
export function openDataQueries(settings: Settings, spec: ProjectSpec): LazyDataQueries {
  return lazyDataQueries(async () => {
    const database = await openDatabase(settings.databaseUrl);
    return {
      queries: createDataQueries(database, spec, {
        maxFilterDepth: settings.maxFilterDepth,
        queryTimeoutMs: settings.queryTimeoutMs,
      }),
      close: () => database.close(),
    };
  });
}
