import type { DataQueries } from "../../../engines/storage/records/data-queries.js";

export interface LazyDataQueries {
  readonly queries: DataQueries;
  /** Closes what `open` opened, if it ran. */
  close(): Promise<void>;
}

/**
 * Data queries opened on first use: an app that serves only `/status` (or whose
 * database is down at start-up) answers without a connection pool of its own, and a
 * failure to connect answers the request that needed it.
 */
export function lazyDataQueries(
  open: () => Promise<{ queries: DataQueries; close(): Promise<void> }>,
): LazyDataQueries {
  let opened: Promise<{ queries: DataQueries; close(): Promise<void> }> | undefined;
  const get = async () => {
    opened ??= open();
    try {
      return (await opened).queries;
    } catch (error) {
      opened = undefined;
      throw error;
    }
  };
  return {
    queries: deferred(get),
    close: async () => {
      const pending = opened;
      opened = undefined;
      if (pending !== undefined) await (await pending.catch(() => undefined))?.close();
    },
  };
}

/** Queries whose every call first awaits the real ones. */
function deferred(get: () => Promise<DataQueries>): DataQueries {
  return {
    listPage: async (...args) => (await get()).listPage(...args),
    getById: async (...args) => (await get()).getById(...args),
    values: async (...args) => (await get()).values(...args),
    aggregate: async (...args) => (await get()).aggregate(...args),
    async *stream(...args) {
      yield* (await get()).stream(...args);
    },
    insert: async (...args) => (await get()).insert(...args),
    updateById: async (...args) => (await get()).updateById(...args),
    removeById: async (...args) => (await get()).removeById(...args),
    withSpec: (spec) => deferred(async () => (await get()).withSpec(spec)),
  };
}
