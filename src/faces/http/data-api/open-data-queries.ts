import { KeyringFieldCipher } from "../../../engines/crypto/index.js";
import { openDatabase } from "../../../engines/storage/database.js";
import { createDataQueries } from "../../../engines/storage/data/index.js";
import type { Settings } from "../../../foundations/settings.js";
import type { ProjectSpec } from "../../../spec/project-spec.js";
import { lazyDataQueries, type LazyDataQueries } from "./lazy-data-queries.js";

/** SQLite read threads: two at most, fewer when fewer isolates are configured. */
const MAX_READ_THREADS = 2;

/**
 * The data API's own pool on the project database, opened on first use, under the
 * settings' filter depth and query time limits. On PostgreSQL and MySQL/MariaDB every
 * statement of this pool, writes included, is limited. On SQLite, reads run on a read
 * pool of worker threads, where a read past the limit is stopped; writes stay on the
 * main connection, unlimited.
 */
export function openDataQueries(settings: Settings, spec: ProjectSpec): LazyDataQueries {
  return lazyDataQueries(async () => {
    // The limit rides on each connection, so a read costs no extra round trip for it.
    const database = await openDatabase(settings.databaseUrl, {
      statementTimeoutMs: settings.queryTimeoutMs,
      readThreads: Math.max(1, Math.min(MAX_READ_THREADS, settings.isolates)),
    });
    return {
      queries: createDataQueries(
        database,
        spec,
        { maxFilterDepth: settings.maxFilterDepth, queryTimeoutMs: settings.queryTimeoutMs },
        new KeyringFieldCipher(settings),
      ),
      close: () => database.close(),
    };
  });
}
