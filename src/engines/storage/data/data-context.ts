import type { StoreContext } from "../records/store-context.js";
import type { CompiledPages } from "./compiled-pages.js";
import type { DataDialect } from "./data-dialect.js";
import type { ResolvedLimits } from "./data-limits.js";

/** A record-store context plus the data API's per-backend behaviour and limits. */
export interface DataContext extends StoreContext {
  readonly dialect: DataDialect;
  readonly limits: ResolvedLimits;
  /** Page queries compiled per request, kept for the requests that come again. */
  readonly pages: CompiledPages;
}

/** Runs reads under the query time limit (one transaction or pinned connection). */
export function readWithin<T>(
  context: DataContext,
  work: (context: DataContext) => Promise<T>,
): Promise<T> {
  return context.dialect.withTimeout(context.db, context.limits.queryTimeoutMs, (db) =>
    work({ ...context, db }),
  );
}
