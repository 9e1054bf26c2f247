import { openDatabase } from "../../../engines/storage/database.js";
import { createDataQueries } from "../../../engines/storage/data/index.js";
import type { Settings } from "../../../foundations/settings.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { lazyDataQueries, type LazyDataQueries } from "./lazy-data-queries.js";

/**
 * The data API's own pool on the project database, opened on first use, under the
 * settings' filter depth and query time limits (every statement of this pool, writes
 * included, is limited).
 */
export function openDataQueries(settings: Settings, spec: ProjectSpec): LazyDataQueries {
  return lazyDataQueries(async () => {
    // The limit rides on each connection, so a read costs no extra round trip for it.
    const database = await openDatabase(settings.databaseUrl, {
      statementTimeoutMs: settings.queryTimeoutMs,
    });
    return {
      queries: createDataQueries(database, spec, {
        maxFilterDepth: settings.maxFilterDepth,
        queryTimeoutMs: settings.queryTimeoutMs,
      }),
      close: () => database.close(),
    };
  });
}
